package inferlab.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wrong solutions made from right ones, the negatives for reward-model training: one number in the
 * solution is changed, the way a model's arithmetic slip looks. Half the time it is the last number (the
 * final answer), otherwise any number; the new value is off by 1-10 or has two digits swapped.
 */
public final class Corruption {
    private Corruption() {}

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** A solution that differs from {@code solution} in one number, or null if it has no number. */
    public static String corrupt(String solution, RandomGenerator rng) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = NUMBER.matcher(solution);
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        if (spans.isEmpty()) return null;
        int[] s = rng.nextBoolean() ? spans.get(spans.size() - 1) : spans.get(rng.nextInt(spans.size()));
        String old = solution.substring(s[0], s[1]);
        String neu = old;
        while (neu.equals(old)) {
            if (old.length() >= 2 && rng.nextInt(3) == 0) {
                int i = rng.nextInt(old.length() - 1);
                char[] c = old.toCharArray();
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                neu = new String(c);
            } else {
                long v = old.length() > 18 ? 0 : Long.parseLong(old);
                long delta = 1 + rng.nextInt(10);
                neu = Long.toString(v >= delta && rng.nextBoolean() ? v - delta : v + delta);
            }
        }
        return solution.substring(0, s[0]) + neu + solution.substring(s[1]);
    }
}
