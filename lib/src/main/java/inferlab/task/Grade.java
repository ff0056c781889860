package inferlab.task;

/**
 * The course's grade tiers: the basic baseline (B) marks 80%, the strong baseline (A) 90%, the best submission
 * 100%. Between anchors the grade is linear in accuracy; below B it falls linearly to 0 at accuracy 0; above
 * the best (a new best) it is 100%.
 */
public record Grade(double basicAccuracy, double strongAccuracy, double bestAccuracy) {

    public Grade {
        if (!(basicAccuracy <= strongAccuracy && strongAccuracy <= bestAccuracy)) {
            throw new IllegalArgumentException("need basic <= strong <= best accuracy, got "
                    + basicAccuracy + ", " + strongAccuracy + ", " + bestAccuracy);
        }
    }

    /** The grade in percent for a system of accuracy {@code acc}. */
    public double percent(double acc) {
        if (acc >= bestAccuracy) return 100;
        if (acc >= strongAccuracy) return lerp(acc, strongAccuracy, bestAccuracy, 90, 100);
        if (acc >= basicAccuracy) return lerp(acc, basicAccuracy, strongAccuracy, 80, 90);
        return basicAccuracy <= 0 ? 0 : 80 * Math.max(0, acc) / basicAccuracy;
    }

    /** The tier's name: below basic, basic, strong or best. */
    public String tier(double acc) {
        if (acc >= bestAccuracy) return "best";
        if (acc >= strongAccuracy) return "strong (A)";
        if (acc >= basicAccuracy) return "basic (B)";
        return "below basic";
    }

    private static double lerp(double v, double v0, double v1, double g0, double g1) {
        return v1 == v0 ? g1 : g0 + (g1 - g0) * (v - v0) / (v1 - v0);
    }
}
