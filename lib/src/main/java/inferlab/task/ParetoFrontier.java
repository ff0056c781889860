package inferlab.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The accuracy–throughput Pareto frontier of a set of systems, and each system's distance to it.
 *
 * <p>A system is on the frontier when no other is at least as good on both axes and better on one. The
 * distance of a point is measured after scaling each axis by its maximum over all systems (so accuracy and
 * requests served weigh alike), as the Euclidean distance to the frontier's staircase: the region dominated by
 * frontier points. A frontier system has distance 0.
 */
public final class ParetoFrontier {

    public record Point(String name, double accuracy, double throughput) {}

    private final List<Point> all;
    private final List<Point> frontier;
    private final double maxAcc;
    private final double maxThr;

    public ParetoFrontier(List<Point> points) {
        if (points.isEmpty()) throw new IllegalArgumentException("no systems to compare");
        this.all = List.copyOf(points);
        this.maxAcc = Math.max(1e-12, points.stream().mapToDouble(Point::accuracy).max().orElse(1));
        this.maxThr = Math.max(1e-12, points.stream().mapToDouble(Point::throughput).max().orElse(1));
        List<Point> f = new ArrayList<>();
        for (Point p : points) {
            if (points.stream().noneMatch(q -> dominates(q, p))) f.add(p);
        }
        f.sort(Comparator.comparingDouble(Point::throughput));
        this.frontier = List.copyOf(f);
    }

    public List<Point> points() {
        return all;
    }

    /** Frontier systems by increasing throughput (so by decreasing accuracy). */
    public List<Point> frontier() {
        return frontier;
    }

    /**
     * Scaled Euclidean distance from {@code p} to the staircase that bounds the dominated region: horizontal
     * steps at each frontier accuracy, vertical steps at each frontier throughput. 0 on the frontier.
     */
    public double distance(Point p) {
        double x = p.throughput() / maxThr;
        double y = p.accuracy() / maxAcc;
        double best = Double.POSITIVE_INFINITY;
        double prevX = 0;
        for (int i = 0; i < frontier.size(); i++) {
            double fx = frontier.get(i).throughput() / maxThr;
            double fy = frontier.get(i).accuracy() / maxAcc;
            double nextY = i + 1 < frontier.size() ? frontier.get(i + 1).accuracy() / maxAcc : 0;
            best = Math.min(best, Math.hypot(x - clamp(x, prevX, fx), y - fy)); // horizontal step
            best = Math.min(best, Math.hypot(x - fx, y - clamp(y, nextY, fy))); // vertical step
            prevX = fx;
        }
        return best;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static boolean dominates(Point q, Point p) {
        return q.accuracy() >= p.accuracy() && q.throughput() >= p.throughput()
                && (q.accuracy() > p.accuracy() || q.throughput() > p.throughput());
    }
}
