package inferlab.system;

import inferlab.decode.PrefixConstrainedProcessor;
import inferlab.model.Tokenizer;
import inferlab.task.MultipleChoice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One completion decoded under a constraint, as a serving engine's guided choice does (vLLM's
 * {@code guided_choice}): it must be one of the strings {@code choices} gives for the prompt. A
 * {@link PrefixConstrainedProcessor} reshapes the logits before the completer's own decoder chooses; with greedy,
 * the most likely choice token by token. For multiple choice, {@link MultipleChoice#guidedChoices} restates the
 * question's sentence with the blank filled by each option, then the letter: the words before the blank are
 * forced, so the model picks the option right after them, with their context, instead of right after {@code A:}.
 * A prompt for which {@code choices} gives nothing is completed unconstrained.
 */
public record ConstrainedChoice(String name, Completer completer, Function<String, List<String>> choices) implements InferenceSystem {

    @Override
    public Trace solve(String prompt, RandomGenerator rng) {
        List<String> allowed = choices.apply(prompt);
        if (allowed.isEmpty()) return new SingleSample(name, completer).solve(prompt, rng);
        Tokenizer tok = completer.model().tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        int[] x = tok.encode(prompt);
        List<int[]> sequences = continuations(tok, prompt, x, allowed);
        PrefixConstrainedProcessor constraint = new PrefixConstrainedProcessor(x.length, sequences, completer.model().eosTokenId());
        int longest = sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        Completer c = new Completer(completer.model(), r -> completer.decoder().apply(r).after(constraint),
                Math.max(completer.maxNewTokens(), longest + 1), completer.stops(), completer.tool(), completer.parser());
        return new SingleSample(name, c).solve(prompt, rng);
    }

    /** Each choice as the tokens that follow the prompt's own tokens {@code x} in {@code prompt + " " + choice}. */
    private static List<int[]> continuations(Tokenizer tok, String prompt, int[] x, List<String> choices) {
        List<int[]> out = new ArrayList<>();
        for (String choice : choices) {
            int[] full = tok.encode(prompt + " " + choice);
            if (full.length <= x.length || !Arrays.equals(full, 0, x.length, x, 0, x.length)) {
                throw new IllegalArgumentException("choice \"" + choice + "\" merges with the prompt's last token");
            }
            out.add(Arrays.copyOfRange(full, x.length, full.length));
        }
        return out;
    }
}
