package inferlab.study;

import inferlab.plot.Charts;
import inferlab.prob.Interval;
import inferlab.rerank.RankMetrics;
import inferlab.rerank.Reranker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Every candidate as a point: its score under a reranker, its grade and its length. The course asks for one
 * scatter of score against quality per reranker, and whether scores lean on length. Scores of different
 * prompts are on different scales (a long prompt's answers have lower log-probabilities, and a few outliers
 * stretch a raw axis), so the charts use the within-prompt standardised score z = (s − mean) / sd over that
 * prompt's candidates (prompts whose candidates all score alike are left out of z).
 */
public final class RerankScatter {
    private RerankScatter() {}

    /** One candidate: its prompt's index, the reranker's raw and standardised scores, its grade and length. */
    public record Point(int prompt, double score, double z, double grade, double chars) {}

    /** The points of one reranker over all pools. */
    public static List<Point> points(Reranker r, List<RerankStudy.Pool> pools) {
        List<Point> out = new ArrayList<>();
        List<double[]> scores = RerankStudy.scores(r, pools);
        for (int p = 0; p < pools.size(); p++) {
            RerankStudy.Pool pool = pools.get(p);
            double[] s = scores.get(p);
            double mean = Arrays.stream(s).average().orElse(0), ss = 0;
            for (double v : s) ss += (v - mean) * (v - mean);
            double sd = s.length > 1 ? Math.sqrt(ss / (s.length - 1)) : 0;
            for (int i = 0; i < s.length; i++) {
                out.add(new Point(p, s[i], sd > 0 ? (s[i] - mean) / sd : Double.NaN, pool.oracle()[i],
                        pool.candidates().get(i).strip().length()));
            }
        }
        return out;
    }

    /**
     * Mean of {@code y} over {@code bins} groups of points sorted by {@code x} (equal counts, the last group
     * takes the remainder), at the mean x of each group, with a 95% interval of each mean (Wilson's for 0/1
     * values, else the bootstrap). Points whose x or y is NaN are left out.
     */
    public record Binned(double[] x, Interval[] y) {}

    public static Binned binned(List<Point> points, ToDoubleFunction<Point> x, ToDoubleFunction<Point> y, int bins, long seed) {
        List<Point> ok = points.stream().filter(p -> !Double.isNaN(x.applyAsDouble(p)) && !Double.isNaN(y.applyAsDouble(p)))
                .sorted(Comparator.comparingDouble(x)).toList();
        int k = Math.min(bins, ok.size());
        if (k < 1) throw new IllegalArgumentException("no points to bin");
        double[] xs = new double[k];
        Interval[] ys = new Interval[k];
        Random rng = new Random(seed);
        for (int b = 0; b < k; b++) {
            List<Point> in = ok.subList(b * (ok.size() / k), b == k - 1 ? ok.size() : (b + 1) * (ok.size() / k));
            xs[b] = in.stream().mapToDouble(x).average().orElseThrow();
            ys[b] = Interval.ofMean(in.stream().mapToDouble(y).toArray(), rng);
        }
        return new Binned(xs, ys);
    }

    /**
     * Grade against the within-prompt standardised score z, one dot per candidate (grades are few distinct
     * values, so each dot is jittered vertically by at most ±0.02, seeded), with the mean grade of five z
     * quintiles and its 95% interval; the legend carries the mean within-prompt Spearman ρ. Candidates of a
     * prompt whose scores are all equal have no z and are left out.
     */
    public static XYChart scoreChart(String reranker, List<Point> points) {
        XYChart chart = Charts.scatter(reranker + ": grade against score", "score z (" + reranker + ", standardised within prompt)",
                "grade (jittered ±0.02)");
        chart.getStyler().setYAxisMin(-0.05).setYAxisMax(1.05).setMarkerSize(5);
        List<Point> scored = points.stream().filter(p -> !Double.isNaN(p.z())).toList();
        Random jitter = new Random(1);
        XYSeries dots = chart.addSeries("candidates", scored.stream().mapToDouble(Point::z).toArray(),
                scored.stream().mapToDouble(p -> p.grade() + 0.04 * (jitter.nextDouble() - 0.5)).toArray());
        dots.setMarkerColor(new java.awt.Color(60, 90, 190, 120));
        Binned b = binned(scored, Point::z, Point::grade, 5, 2);
        Charts.addWithIntervals(chart, String.format(java.util.Locale.ROOT, "mean grade per z quintile (Spearman ρ %.2f)",
                meanSpearman(points)), b.x(), List.of(b.y()));
        return chart;
    }

    /**
     * Length bias: the mean standardised score z of the candidates in each length quintile, with 95% intervals,
     * one line per reranker. A flat line is no bias; falling, the reranker prefers short answers.
     */
    public static XYChart lengthChart(Map<String, List<Point>> byReranker) {
        XYChart chart = Charts.line("Score against length (within-prompt z-scores)", "candidate length (characters, quintile mean)",
                "mean standardised score z");
        chart.getStyler().setMarkerSize(6);
        byReranker.forEach((name, points) -> {
            Binned b = binned(points, Point::chars, Point::z, 5, 3);
            Charts.addWithIntervals(chart, name, b.x(), List.of(b.y()));
        });
        return chart;
    }

    /** Spearman's ρ of score and grade per prompt, averaged over the prompts where it is defined. */
    public static double meanSpearman(List<Point> points) {
        double sum = 0;
        int n = 0;
        for (int p : points.stream().mapToInt(Point::prompt).distinct().toArray()) {
            List<Point> in = points.stream().filter(q -> q.prompt() == p).toList();
            double rho = RankMetrics.spearman(in.stream().mapToDouble(Point::score).toArray(),
                    in.stream().mapToDouble(Point::grade).toArray());
            if (!Double.isNaN(rho)) {
                sum += rho;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
