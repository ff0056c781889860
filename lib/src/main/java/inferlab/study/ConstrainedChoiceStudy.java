package inferlab.study;

import inferlab.decode.Greedy;
import inferlab.model.Transformer;
import inferlab.prob.Interval;
import inferlab.system.Answers;
import inferlab.system.Benchmark;
import inferlab.system.Completer;
import inferlab.system.ConstrainedChoice;
import inferlab.system.InferenceSystem;
import inferlab.system.SharedTaskSystems;
import inferlab.system.SingleSample;
import inferlab.task.Harness;
import inferlab.task.Item;
import inferlab.task.MultipleChoice;
import inferlab.task.TaskSets;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiple choice answered four ways by one model, from what it writes freely to what it prefers when every
 * option is scored: free greedy; greedy constrained to the four trained answers ({@code "payment, so the answer
 * is (A)."}); greedy constrained to the question's sentence restated with each option
 * ({@link MultipleChoice#guidedChoices}); and the restated sentence of highest likelihood
 * ({@link MultipleChoiceScoring}).
 */
public final class ConstrainedChoiceStudy {
    private ConstrainedChoiceStudy() {}

    /** One way of answering on one model: its accuracy with Wilson's 95% interval. */
    public record Row(String model, String decoding, Interval accuracy) {}

    public static List<Row> run(String name, Transformer model, List<Item> items) {
        Completer greedy = new Completer(model, rng -> new Greedy(), SharedTaskSystems.CHOICE_TOKENS,
                List.of(Harness.STOP), null, Answers.parser(MultipleChoice.NAME));
        List<InferenceSystem> systems = List.of(
                new SingleSample("free greedy", greedy),
                new ConstrainedChoice("greedy, constrained to the answers", greedy,
                        prompt -> MultipleChoice.answers(MultipleChoice.options(prompt))),
                new ConstrainedChoice("greedy, constrained to the sentences", greedy, MultipleChoice::guidedChoices));
        List<Benchmark.Run> runs = Benchmark.run(systems, TaskSets.grader(MultipleChoice.NAME), items, 0);
        List<Row> rows = new ArrayList<>();
        for (InferenceSystem s : systems) {
            rows.add(new Row(name, s.name(), Benchmark.accuracy(runs.stream().filter(r -> r.system().equals(s.name())).toList())));
        }
        rows.add(new Row(name, "scoring the sentences",
                MultipleChoiceScoring.predictions(model, items, MultipleChoice::guidedChoices).accuracy()));
        return rows;
    }
}
