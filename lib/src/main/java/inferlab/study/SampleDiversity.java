package inferlab.study;

import inferlab.decode.SamplingParams;
import inferlab.decode.Sampler;
import inferlab.measure.Measure;
import inferlab.model.WorkerPool;
import inferlab.plot.Charts;
import inferlab.plot.Tables;
import inferlab.prob.Interval;
import inferlab.system.Completer;
import inferlab.system.Trace;
import inferlab.task.Item;
import inferlab.task.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * How different are N samples of one prompt? The course's reranking warm-up: draw N samples per prompt, count
 * the distinct texts among them (exact string match) and the distinct parsed answers (texts that differ in
 * wording but agree on the answer count once), and the spread of their grades, max − min. Reranking can only
 * win where the samples differ, and only as much as that spread. Distinct answers never exceed distinct texts:
 * the answer is a function of the text.
 */
public final class SampleDiversity {
    private SampleDiversity() {}

    /** One prompt's N samples at one temperature. */
    public record Prompt(Item item, double temperature, int samples, int distinctTexts, int distinctAnswers,
                         double bestGrade, double worstGrade) {
        public double spread() {
            return bestGrade - worstGrade;
        }
    }

    /**
     * {@code n} samples per item at each temperature (ancestral sampling, item i seeded with {@code seed + i}
     * at every temperature), graded by {@code task}; {@code completer} supplies the model, the token budget,
     * the stop strings and the answer parser, its decoder is replaced.
     */
    public static List<Prompt> sample(Completer completer, Task task, List<Item> items, double[] temperatures, int n, long seed) {
        if (n < 1) throw new IllegalArgumentException("need n >= 1, got " + n);
        List<Prompt> out = new ArrayList<>();
        for (double t : temperatures) {
            Completer at = completer.withDecoder(rng -> new Sampler(SamplingParams.ancestral(t), rng));
            out.addAll(WorkerPool.map(items.size(), i -> {
                Item item = items.get(i);
                List<Trace.Candidate> c = at.complete(item.prompt(), n, new SplittableRandom(seed + i)).candidates();
                double[] grades = c.stream().mapToDouble(x -> task.score(item, x.text())).toArray();
                return new Prompt(item, t, c.size(), distinct(c.stream().map(Trace.Candidate::text).toList()),
                        distinct(c.stream().map(x -> Objects.requireNonNullElse(x.answer(), "")).toList()),
                        Arrays.stream(grades).max().orElseThrow(), Arrays.stream(grades).min().orElseThrow());
            }));
        }
        return out;
    }

    /** The number of different strings in {@code xs}. */
    public static int distinct(List<String> xs) {
        return (int) xs.stream().distinct().count();
    }

    /**
     * Per temperature over prompts: mean, median and standard deviation (n − 1 in the denominator, 0 for one
     * prompt) of the distinct texts; the mean's 95% bootstrap interval; the same mean for distinct answers; the
     * mean spread of grades (best − worst).
     */
    public record Summary(double temperature, int prompts, int samples, double meanTexts, double medianTexts,
                          double sdTexts, Interval textsInterval, Interval answersInterval, double meanSpread) {}

    public static List<Summary> summarize(List<Prompt> prompts, RandomGenerator rng) {
        List<Summary> out = new ArrayList<>();
        for (double t : prompts.stream().mapToDouble(Prompt::temperature).distinct().toArray()) {
            List<Prompt> at = prompts.stream().filter(p -> p.temperature() == t).toList();
            double[] texts = at.stream().mapToDouble(Prompt::distinctTexts).toArray();
            double[] answers = at.stream().mapToDouble(Prompt::distinctAnswers).toArray();
            out.add(new Summary(t, at.size(), at.get(0).samples(), mean(texts), Measure.median(texts), sd(texts),
                    Interval.bootstrap(texts, 2000, rng), Interval.bootstrap(answers, 2000, rng),
                    at.stream().mapToDouble(Prompt::spread).average().orElseThrow()));
        }
        return out;
    }

    static double mean(double[] x) {
        return Arrays.stream(x).average().orElseThrow();
    }

    static double sd(double[] x) {
        if (x.length < 2) return 0;
        double m = mean(x), ss = 0;
        for (double v : x) ss += (v - m) * (v - m);
        return Math.sqrt(ss / (x.length - 1));
    }

    /** The course's three numbers per temperature, and the rest; {@code what} names the task in the title. */
    public static Table table(String what, List<Summary> rows) {
        return Tables.of("Distinct samples per prompt, " + what, Row.class, rows.stream().map(s -> new Row(s.temperature(),
                s.prompts(), s.samples(), s.meanTexts(), s.medianTexts(), s.sdTexts(), s.answersInterval().estimate(),
                s.meanSpread())).toList());
    }

    private record Row(@Tables.Name("T") double temperature, int prompts, @Tables.Name("N") int samples,
            @Tables.Name("distinct texts: mean") double mean, @Tables.Name("median") double median,
            @Tables.Name("sd") double sd, @Tables.Name("distinct answers: mean") double answers,
            @Tables.Name("grade best − worst") double spread) {}

    /**
     * Mean distinct texts (solid) and distinct answers (dashed) against temperature, with 95% bootstrap
     * intervals over prompts; {@code what} names the task in the title.
     */
    public static XYChart chart(String what, List<Summary> rows) {
        XYChart chart = Charts.line("Distinct among N = " + rows.get(0).samples() + " samples per prompt, " + what, "temperature T",
                "mean count per prompt");
        chart.getStyler().setYAxisMin(0.0).setMarkerSize(7);
        double[] t = rows.stream().mapToDouble(Summary::temperature).toArray();
        Charts.addWithIntervals(chart, "distinct texts", t, rows.stream().map(Summary::textsInterval).toList());
        Charts.dashed(Charts.addWithIntervals(chart, "distinct answers", t, rows.stream().map(Summary::answersInterval).toList()));
        return chart;
    }
}
