package inferlab.study;

import inferlab.decode.BeamSearch;
import inferlab.model.LanguageModel;
import inferlab.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The course's beam-search puzzle: two returned beams with the same text. Beam search keeps distinct token
 * sequences, not distinct strings, and a byte-level BPE vocabulary spells most strings in many ways (" the" is
 * one token, and also " t" + "he"), so two hypotheses can differ in their ids and still decode alike. Only the
 * tokenizer's own, canonical segmentation ({@code encode(decode(ids)) == ids}) was seen in training, so the
 * other spelling is usually a low-probability path that beam search keeps because it has room. A sequence that
 * ends with EOS and one that reaches the token budget without it can also print the same.
 *
 * <p>Prevention: merge hypotheses by decoded text (keeping the best score) before returning them, or forbid
 * non-canonical continuations as the search runs (a constraint on the candidates), or return more beams than
 * needed and deduplicate.
 */
public final class IdenticalBeams {
    private IdenticalBeams() {}

    /** Two beams of one prompt with equal text; whether each is the tokenizer's canonical segmentation. */
    public record Case(String prompt, String text, int[] first, int[] second, boolean firstCanonical,
                       boolean secondCanonical) {}

    /** What a search over prompts found: how many prompts had at least one pair of identical beams. */
    public record Search(int prompts, int beams, List<Case> cases) {
        public int promptsWithDuplicates() {
            return (int) cases.stream().map(Case::prompt).distinct().count();
        }
    }

    /** Runs beam search with {@code beams} beams returning all of them on each prompt, and lists the identical pairs. */
    public static Search find(LanguageModel model, Tokenizer tokenizer, List<String> prompts, int beams, int maxNewTokens) {
        BeamSearch search = new BeamSearch(beams, beams, 1.0, BeamSearch.EarlyStopping.NEVER);
        int eos = model.eosTokenId();
        List<Case> cases = new ArrayList<>();
        for (String prompt : prompts) {
            Map<String, int[]> seen = new HashMap<>();
            for (BeamSearch.Hypothesis h : search.run(model, tokenizer.encode(prompt), maxNewTokens, eos)) {
                int[] ids = withoutEos(h.ids(), eos);
                String text = tokenizer.decode(ids);
                int[] earlier = seen.putIfAbsent(text, ids);
                if (earlier != null) {
                    cases.add(new Case(prompt, text, earlier, ids, canonical(tokenizer, text, earlier),
                            canonical(tokenizer, text, ids)));
                }
            }
        }
        return new Search(prompts.size(), beams, cases);
    }

    private static int[] withoutEos(int[] ids, int eos) {
        return ids.length > 0 && ids[ids.length - 1] == eos ? Arrays.copyOf(ids, ids.length - 1) : ids;
    }

    private static boolean canonical(Tokenizer tokenizer, String text, int[] ids) {
        return Arrays.equals(tokenizer.encode(text), ids);
    }
}
