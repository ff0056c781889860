package inferlab.study;

import inferlab.model.Evaluation;
import inferlab.model.LanguageModel;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import java.util.List;
import java.util.function.Function;

/** The multiple-choice task scored by a model's likelihood of each option, for calibration studies. */
public final class MultipleChoiceScoring {
    private MultipleChoiceScoring() {}

    /**
     * Multiple-choice items scored by likelihood: row n holds log q(" <option X>, so the answer is (X)." | prompt_n)
     * for X = A..D (the answer format the task grades and the models were trained on), label n the gold option's
     * index. The rows are logits over the options: softmax gives the model's distribution over A..D and the
     * argmax its answer, so {@link inferlab.prob.Calibration} applies directly.
     */
    public static Evaluation.Predictions predictions(LanguageModel model, List<Item> items) {
        return predictions(model, items, prompt -> MultipleChoice.answers(MultipleChoice.options(prompt)));
    }

    /**
     * The same with other texts for the four options: row n holds log q(" " c_X | prompt_n) for the choices
     * c_A..c_D that {@code choices} gives for the prompt (e.g. {@link MultipleChoice#guidedChoices}, which
     * scores each option inside the whole sentence).
     */
    public static Evaluation.Predictions predictions(LanguageModel model, List<Item> items, Function<String, List<String>> choices) {
        float[][] logits = new float[items.size()][];
        int[] labels = new int[items.size()];
        for (int n = 0; n < items.size(); n++) {
            Item item = items.get(n);
            Character gold = MultipleChoice.parseLetter(item.answer());
            if (gold == null) throw new IllegalArgumentException("item " + item.id() + " has no answer letter: " + item.answer());
            labels[n] = MultipleChoice.LETTERS.indexOf(gold);
            List<String> texts = choices.apply(item.prompt());
            if (texts.size() != 4) throw new IllegalArgumentException("item " + item.id() + " has no four options in its prompt");
            logits[n] = Evaluation.continuationLogProbs(model, item.prompt(), texts.stream().map(a -> " " + a).toList());
        }
        return new Evaluation.Predictions(logits, labels);
    }
}
