package inferlab.system;

import inferlab.model.LanguageModel;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The critique step of {@link SelfRefine}: feedback on an answer, from the model itself, from a checker
 * tool, or a fixed generic sentence (the control that tells whether the content of the feedback matters).
 */
@FunctionalInterface
public interface Feedback {

    /**
     * @param text            the feedback, one line, placed in the refine prompt
     * @param stop            the critic finds nothing to fix: refinement stops and the answer is kept
     * @param generatedTokens tokens the model sampled to write it (0 for a tool or a fixed text)
     * @param fromModel       written by the language model (else by a tool or fixed)
     */
    record Critique(String text, boolean stop, int generatedTokens, boolean fromModel) {}

    /** Feedback on {@code answer}, the completion after {@code problem} (a task prompt ending in "A:"). */
    Critique critique(String problem, String answer, RandomGenerator rng);

    /** The same sentence whatever the answer; never stops. */
    static Feedback generic(String text) {
        return (problem, answer, rng) -> new Critique(text, false, 0, false);
    }

    /** {@link #model(Completer)} sampling at {@code temperature} (greedy at 0), at most {@code maxTokens} tokens. */
    static Feedback model(LanguageModel model, double temperature, int maxTokens) {
        return model(new Completer(model, SelfRefine.decoder(temperature), maxTokens, List.of("\n"), null, t -> t));
    }

    /**
     * The model critiques its own answer: it continues {@code problem A: answer\nFeedback:} up to the end of
     * the line with {@code critic}'s decoder and token budget. It stops refinement only if it writes
     * "correct" or "no issues" (our tiny models were never taught to, so in practice they never stop).
     */
    static Feedback model(Completer critic) {
        return (problem, answer, rng) -> {
            String prompt = SelfRefine.stem(problem) + "A: " + answer.strip() + "\nFeedback:";
            int room = SelfRefine.room(critic, prompt);
            if (room < 1) return new Critique("(no room left in the context)", false, 0, true);
            Completer line = new Completer(critic.model(), critic.decoder(), Math.min(room, critic.maxNewTokens()),
                    List.of("\n"), null, t -> t);
            Trace.Candidate c = line.complete(prompt, 1, rng).candidates().get(0);
            String text = c.text().strip();
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            boolean stop = lower.startsWith("correct") || lower.contains("no issues");
            return new Critique(text, stop, c.generatedTokens(), true);
        };
    }
}
