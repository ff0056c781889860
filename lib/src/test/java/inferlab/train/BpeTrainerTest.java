package inferlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import inferlab.Project;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    private static HuggingFaceTokenizer shipped() throws Exception {
        return HuggingFaceTokenizer.newInstance(Project.data().resolve("tokenizer/tokenizer.json"),
                Map.of("addSpecialTokens", "false", "truncation", "false"));
    }

    @Test
    void firstMergeIsTheMostFrequentPairAndTrainingIsDeterministic() {
        List<String> docs = List.of("low lower lowest", "newer wider low low", "the the the");
        BpeTrainer.Bpe a = BpeTrainer.train(docs, 270);
        BpeTrainer.Bpe b = BpeTrainer.train(docs, 270);
        assertEquals(270, a.vocabSize());
        for (int i = 0; i < a.merges().size(); i++) assertArrayEquals(a.merges().get(i), b.merges().get(i));
        // " the" x3 and " low" x3 (+ "low" once): pairs (' ', 'l') and (' ', 't') appear 3 and 3 times, ('l','o') 5.
        byte[] first = a.tokenBytes().get(257);
        assertEquals("lo", new String(first, StandardCharsets.UTF_8));
    }

    @Test
    void shippedTokenizerRoundTripsTheWholeCorpusExactly() throws Exception {
        try (HuggingFaceTokenizer tok = shipped()) {
            long tokens = 0, bytes = 0;
            for (String split : List.of("train", "validation", "test")) {
                for (String doc : Corpus.documents(Project.data().resolve("corpus"), split)) {
                    long[] ids = tok.encode(doc, false, false).getIds();
                    assertTrue(doc.equals(tok.decode(ids)), "round trip of a " + split + " document");
                    tokens += ids.length;
                    bytes += doc.getBytes(StandardCharsets.UTF_8).length;
                }
            }
            // A 4k-token BPE on English prose should compress to well over 3 bytes per token.
            assertTrue(bytes / (double) tokens > 3.5, "bytes per token " + bytes / (double) tokens);
        }
    }

    @Test
    void unicodeAndTheSpecialTokenSurvive() throws Exception {
        try (HuggingFaceTokenizer tok = shipped()) {
            String text = "Zoë paid 3½ € for a café — “naïve” 東京 🚀\ttabs\n\nnewlines  two spaces";
            assertEquals(text, tok.decode(tok.encode(text, false, false).getIds()));
            long[] ids = tok.encode("end.<|endoftext|>Next", false, false).getIds();
            assertEquals(1, java.util.Arrays.stream(ids).filter(id -> id == 0).count());
        }
    }

    @Test
    void huggingFaceEncodingMatchesApplyingTheMergesInOrder() throws Exception {
        BpeTrainer.Bpe bpe = BpeTrainer.train(Corpus.documents(Project.data().resolve("corpus"), "validation"), 600);
        Path file = java.nio.file.Files.createTempDirectory("bpe").resolve("tokenizer.json");
        BpeTrainer.write(bpe, file);
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false", "truncation", "false"))) {
            String text = Corpus.documents(Project.data().resolve("corpus"), "test").get(0).substring(0, 5000);
            long[] expected = referenceEncode(bpe, text);
            assertArrayEquals(expected, tok.encode(text, false, false).getIds());
        }
    }

    @Test
    void everyDigitIsItsOwnToken() throws Exception {
        List<String> docs = List.of("In 1999 we spent 12,500,000 dollars; in 2000, 12,500,000 again.", "347 + 29 = 376");
        BpeTrainer.Bpe bpe = BpeTrainer.train(java.util.Collections.nCopies(50, String.join(" ", docs)), 300);
        Path file = java.nio.file.Files.createTempDirectory("bpe").resolve("tokenizer.json");
        BpeTrainer.write(bpe, file);
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false", "truncation", "false"))) {
            String text = "x 12500 and 0999+9999 = 10998";
            String[] pieces = tok.encode(text, false, false).getTokens();
            long digitTokens = java.util.Arrays.stream(pieces).filter(p -> p.chars().anyMatch(Character::isDigit)).count();
            assertEquals(text.chars().filter(Character::isDigit).count(), digitTokens);
            for (String p : pieces) if (p.chars().anyMatch(Character::isDigit)) assertEquals(1, p.length(), p);
            assertArrayEquals(referenceEncode(bpe, text), tok.encode(text, false, false).getIds());
        }
    }

    /** The textbook BPE encoder: per pre-token, repeatedly apply the earliest-learned merge present. */
    private static long[] referenceEncode(BpeTrainer.Bpe bpe, String text) {
        Map<Long, Integer> rank = new HashMap<>();
        for (int i = 0; i < bpe.merges().size(); i++) {
            int[] m = bpe.merges().get(i);
            rank.put(((long) m[0] << 32) | m[1], i);
        }
        List<Long> out = new ArrayList<>();
        for (String preToken : BpeTrainer.preTokens(text)) {
            List<Integer> sym = new ArrayList<>();
            for (byte b : preToken.getBytes(StandardCharsets.UTF_8)) sym.add(1 + (b & 0xff));
            while (true) {
                int best = -1, bestRank = Integer.MAX_VALUE;
                for (int i = 0; i + 1 < sym.size(); i++) {
                    Integer r = rank.get(((long) sym.get(i) << 32) | sym.get(i + 1));
                    if (r != null && r < bestRank) { bestRank = r; best = i; }
                }
                if (best < 0) break;
                sym.set(best, 257 + bestRank);
                sym.remove(best + 1);
            }
            for (int s : sym) out.add((long) s);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
