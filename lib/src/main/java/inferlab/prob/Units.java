package inferlab.prob;

/**
 * Information in nats (natural log, what the library computes) or bits (log base 2, what papers often report).
 *
 * <p>1 bit = ln 2 nats, so bits = nats / ln 2. Perplexity is the same in both: 2^bits = e^nats.
 */
public final class Units {
    private Units() {}

    public static final double LN2 = Math.log(2);

    public static double toBits(double nats) {
        return nats / LN2;
    }

    public static double toNats(double bits) {
        return bits * LN2;
    }
}
