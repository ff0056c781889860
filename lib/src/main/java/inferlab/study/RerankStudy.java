package inferlab.study;

import inferlab.model.WorkerPool;
import inferlab.plot.Charts;
import inferlab.plot.Tables;
import inferlab.prob.Interval;
import inferlab.rerank.EmbeddingMbr;
import inferlab.rerank.RankMetrics;
import inferlab.rerank.Reranker;
import inferlab.reward.RewardModel;
import inferlab.system.Completer;
import inferlab.system.Trace;
import inferlab.task.Item;
import inferlab.task.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import tech.tablesaw.api.Table;

/**
 * Rerankers against an oracle on sampled candidates. Each prompt gets one pool of N_max samples; the study at
 * n uses the first n of them (nested pools, so a larger n only adds candidates). Every reranker is measured by
 * {@link RankMetrics}, averaged over prompts, with two reference rows: "random sample" (the expected oracle
 * score of a uniformly drawn candidate; every candidate ranked equal) and "oracle" (the best candidate).
 */
public final class RerankStudy {
    private RerankStudy() {}

    public static final String RANDOM = "random sample", ORACLE = "oracle";

    /** The candidates of one prompt (the model's text after it) and the task's grade of each. */
    public record Pool(Item item, List<String> candidates, double[] oracle) {
        public Pool prefix(int n) {
            if (n < 1 || n > candidates.size()) {
                throw new IllegalArgumentException("n must be in [1, " + candidates.size() + "], got " + n);
            }
            return new Pool(item, candidates.subList(0, n), Arrays.copyOf(oracle, n));
        }
    }

    /** {@code n} candidates per item in one batch each, item i seeded with {@code seed + i}, graded by {@code task}. */
    public static List<Pool> sample(Completer completer, Task task, List<Item> items, int n, long seed) {
        return WorkerPool.map(items.size(), i -> {
            Item item = items.get(i);
            List<String> texts = completer.complete(item.prompt(), n, new SplittableRandom(seed + i)).candidates()
                    .stream().map(Trace.Candidate::text).toList();
            return new Pool(item, texts, texts.stream().mapToDouble(t -> task.score(item, t)).toArray());
        });
    }

    /** Reward-model training pairs from pools: a candidate is labelled good when its grade is at least {@code threshold}. */
    public static List<RewardModel.Example> examples(List<Pool> pools, double threshold) {
        List<RewardModel.Example> out = new ArrayList<>();
        for (Pool p : pools) {
            for (int i = 0; i < p.candidates().size(); i++) {
                out.add(new RewardModel.Example(p.item().prompt(), p.candidates().get(i), p.oracle()[i] >= threshold));
            }
        }
        return out;
    }

    /**
     * One reranker at one n, averaged over prompts. {@code rankOfBest} averages the prompts whose candidates are
     * not all graded alike (where every candidate is the best, any reranker would rank it first).
     * {@code spearman} averages the prompts where it is defined
     * ({@code spearmanPrompts} of them: not all candidates graded alike, not all scored alike).
     * {@code pickedChars} is the mean length in characters of the pick, {@code lengthSpearman} the mean Spearman
     * correlation of the scores with the candidates' lengths: the reranker's length bias.
     */
    public record Row(String reranker, int n, double top1, Interval top1Interval, double rankOfBest, double spearman,
                      int spearmanPrompts, double pickedChars, double candidateChars, double lengthSpearman) {}

    /** The 95% interval of a mean over prompts: each prompt one observation ({@link Interval#ofMean}, seeded). */
    private static Interval overPrompts(double[] perPrompt) {
        return Interval.ofMean(perPrompt, new SplittableRandom(0));
    }

    public static List<Row> evaluate(List<Reranker> rerankers, List<Pool> pools, int[] ns) {
        List<Row> rows = new ArrayList<>();
        for (int n : ns) {
            List<Pool> at = pools.stream().map(p -> p.prefix(n)).toList();
            double chars = 0, bestChars = 0;
            double[] tops = new double[at.size()], means = new double[at.size()];
            for (int k = 0; k < at.size(); k++) {
                Pool p = at.get(k);
                double[] len = lengths(p.candidates());
                tops[k] = Arrays.stream(p.oracle()).max().orElseThrow();
                means[k] = Arrays.stream(p.oracle()).average().orElseThrow();
                chars += Arrays.stream(len).average().orElseThrow() / at.size();
                bestChars += len[RankMetrics.argmax(p.oracle())] / at.size();
            }
            int informative = (int) at.stream().filter(RerankStudy::informative).count();
            boolean any = informative > 0;
            Interval mean = overPrompts(means), top = overPrompts(tops);
            rows.add(new Row(RANDOM, n, mean.estimate(), mean, any ? (n + 1) / 2.0 : Double.NaN, Double.NaN, 0, chars, chars, Double.NaN));
            rows.add(new Row(ORACLE, n, top.estimate(), top, any ? 1 : Double.NaN, any ? 1 : Double.NaN, informative, bestChars, chars,
                    Double.NaN));
            for (Reranker r : rerankers) rows.add(evaluate(r, at, n, chars));
        }
        return rows;
    }

    /** The reranker's scores of each pool's candidates, the pools side by side on the engine's threads. */
    static List<double[]> scores(Reranker r, List<Pool> pools) {
        return WorkerPool.map(pools.size(), k -> r.scores(pools.get(k).item().prompt(), pools.get(k).candidates()));
    }

    private static Row evaluate(Reranker r, List<Pool> pools, int n, double candidateChars) {
        double rank = 0, picked = 0, rho = 0, lengthRho = 0;
        int rhoCount = 0, lengthCount = 0, rankCount = 0;
        double[] top1 = new double[pools.size()];
        List<double[]> scores = scores(r, pools);
        for (int k = 0; k < pools.size(); k++) {
            Pool p = pools.get(k);
            double[] s = scores.get(k);
            double[] len = lengths(p.candidates());
            top1[k] = RankMetrics.top1(s, p.oracle());
            if (informative(p)) {
                rank += RankMetrics.rankOfBest(s, p.oracle());
                rankCount++;
            }
            picked += len[RankMetrics.argmax(s)] / pools.size();
            if (n > 1) {
                double c = RankMetrics.spearman(s, p.oracle());
                if (!Double.isNaN(c)) {
                    rho += c;
                    rhoCount++;
                }
                double l = RankMetrics.spearman(s, len);
                if (!Double.isNaN(l)) {
                    lengthRho += l;
                    lengthCount++;
                }
            }
        }
        Interval top = overPrompts(top1);
        return new Row(r.name(), n, top.estimate(), top, rankCount == 0 ? Double.NaN : rank / rankCount, rhoCount == 0 ? Double.NaN : rho / rhoCount, rhoCount, picked,
                candidateChars, lengthCount == 0 ? Double.NaN : lengthRho / lengthCount);
    }

    /** Some candidate is graded higher than another: otherwise every candidate is "the best". */
    private static boolean informative(Pool p) {
        return Arrays.stream(p.oracle()).distinct().count() > 1;
    }

    private static double[] lengths(List<String> candidates) {
        return candidates.stream().mapToDouble(c -> c.strip().length()).toArray();
    }

    /** Top-1 oracle score with its 95% interval, rank of the best candidate and Spearman's ρ per reranker and n. */
    public static Table table(List<Row> rows) {
        return Tables.of("reranking against the oracle", OracleRow.class, rows.stream()
                .map(r -> new OracleRow(r.reranker(), r.n(), r.top1(), r.top1Interval().toString(), r.rankOfBest(), r.spearman(),
                        r.spearmanPrompts()))
                .toList());
    }

    private record OracleRow(String reranker, int n, @Tables.Name("top-1 score") double top1,
            @Tables.Name("95% interval (over prompts)") String interval,
            @Tables.Name("rank of best") double rankOfBest, @Tables.Name("Spearman ρ") double spearman,
            @Tables.Name("prompts with ρ") int prompts) {}

    /** At one n: the pick's mean length against the candidates' mean length, and Spearman(score, length). */
    public static Table lengthBias(List<Row> rows, int atN) {
        List<LengthRow> at = rows.stream().filter(r -> r.n() == atN).map(r -> new LengthRow(r.reranker(), r.pickedChars(),
                r.candidateChars(), r.pickedChars() / r.candidateChars(), r.lengthSpearman())).toList();
        if (at.isEmpty()) throw new IllegalArgumentException("no rows at n = " + atN);
        return Tables.of("length bias at n = " + atN, LengthRow.class, at);
    }

    private record LengthRow(String reranker, @Tables.Name("characters of pick") double picked,
            @Tables.Name("characters of candidates") double candidates, @Tables.Name("pick / mean") double ratio,
            @Tables.Name("Spearman(score, length)") double lengthSpearman) {}

    /** Top-1 oracle score against n with 95% intervals, one line per reranker (the references included). */
    public static XYChart top1Chart(List<Row> rows) {
        XYChart chart = Charts.line("Top-1 oracle score against candidates", "candidates n", "mean oracle score of the pick");
        chart.getStyler().setMarkerSize(6);
        for (String name : rows.stream().map(Row::reranker).distinct().toList()) {
            List<Row> mine = rows.stream().filter(r -> r.reranker().equals(name)).toList();
            XYSeries series = Charts.addWithIntervals(chart, name, mine.stream().mapToDouble(Row::n).toArray(),
                    mine.stream().map(Row::top1Interval).toList());
            if (name.equals(RANDOM) || name.equals(ORACLE)) { // the references: dashed, black and grey
                Color c = name.equals(ORACLE) ? Color.BLACK : Color.GRAY;
                series.setLineStyle(SeriesLines.DASH_DASH);
                series.setLineColor(c);
                series.setMarkerColor(c);
            }
        }
        return chart;
    }

    /** Seconds per MBR call against N for the two forms, log-log. */
    public static XYChart timingChart(List<EmbeddingMbr.Timing> timings) {
        XYChart chart = Charts.line("Embedding MBR: one sum vs all pairs (d = " + timings.get(0).dimension() + ")",
                "candidates N", "seconds per call");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setMarkerSize(6);
        double[] n = timings.stream().mapToDouble(EmbeddingMbr.Timing::n).toArray();
        chart.addSeries("O(N²): all pairs", n, timings.stream().mapToDouble(EmbeddingMbr.Timing::quadraticSeconds).toArray());
        chart.addSeries("O(N): e_i · S", n, timings.stream().mapToDouble(EmbeddingMbr.Timing::linearSeconds).toArray());
        return chart;
    }
}
