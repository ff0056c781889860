package inferlab.study;

import inferlab.model.Evaluation;
import inferlab.model.LanguageModel;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import java.util.List;

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
        float[][] logits = new float[items.size()][];
        int[] labels = new int[items.size()];
        for (int n = 0; n < items.size(); n++) {
            Item item = items.get(n);
            Character gold = MultipleChoice.parseLetter(item.answer());
            if (gold == null) throw new IllegalArgumentException("item " + item.id() + " has no answer letter: " + item.answer());
            labels[n] = MultipleChoice.LETTERS.indexOf(gold);
            logits[n] = Evaluation.continuationLogProbs(model, item.prompt(), MultipleChoice.answers(item).stream().map(a -> " " + a).toList());
        }
        return new Evaluation.Predictions(logits, labels);
    }
}
