package inferlab.task;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Integer addition, subtraction and multiplication with operands of 1–4 digits, e.g.
 * {@code "Q: 347 + 29 = ?\nA:"} → {@code "376"}. Difficulty (meta {@code digits}) is the longer operand's
 * digit count, drawn uniformly; subtraction keeps the larger operand first so answers are never negative.
 * Graded by exact match of the parsed integer.
 *
 * <p>The gold answer is a one-line scratchpad ({@link #scratchpad}) that ends in {@code #### N}: written out
 * column by column, every step of school arithmetic depends only on tokens a few positions back, which a small
 * model can learn where it cannot learn a whole carry chain in one token (Nye et al. 2021, "Show your work").
 */
public final class Arithmetic implements Task {
    public static final String NAME = "arithmetic";
    private static final Pattern INTEGER = Pattern.compile("-?\\d[\\d,]*");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Item> generate(int n, RandomGenerator rng) {
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int digits = 1 + rng.nextInt(4);
            char op = "+-*".charAt(rng.nextInt(3));
            long a = operand(digits, rng);
            long b = operand(1 + rng.nextInt(digits), rng);
            if (rng.nextBoolean()) { long t = a; a = b; b = t; }
            if (op == '-' && a < b) { long t = a; a = b; b = t; }
            JsonObject meta = new JsonObject();
            meta.addProperty("digits", digits);
            meta.addProperty("op", String.valueOf(op));
            items.add(new Item(NAME + "-" + i, NAME, "Q: " + a + " " + op + " " + b + " = ?\nA:",
                    scratchpad(a, op, b), meta));
        }
        return items;
    }

    /**
     * The worked answer. Addition and subtraction restate the operands padded to the same width, then go
     * through the columns from the right: {@code x+y+c=zs} (c the carry in, zs the two-digit column sum) or
     * {@code x-y-c=d} (written {@code 1x-y-c=d} when the column borrows ten), each followed by the digits of the
     * result so far, so the last step holds the whole result. Multiplication writes one partial product per
     * digit of the shorter factor and their running sum. For example:
     *
     * <pre>
     *   347 + 29 → 347+029: 7+9+0=16 6, 4+2+1=07 76, 3+0+0=03 376 #### 376
     *   52 - 38  → 52-38: 12-8-0=4 4, 5-3-1=1 14 #### 14
     *   347 * 29 → 347*29: 347*9=3123, 347*20=6940 10063 #### 10063
     * </pre>
     */
    public static String scratchpad(long a, char op, long b) {
        if (a < 0 || b < 0 || (op == '-' && a < b)) throw new IllegalArgumentException("operands must be non-negative, a >= b for -");
        StringBuilder s = new StringBuilder();
        long result;
        if (op == '*') {
            long top = Long.toString(a).length() >= Long.toString(b).length() ? a : b, bottom = top == a ? b : a;
            s.append(top).append('*').append(bottom).append(':');
            String digits = Long.toString(bottom);
            long sum = 0, place = 1;
            for (int i = digits.length() - 1; i >= 0; i--, place *= 10) {
                long partial = top * (digits.charAt(i) - '0') * place;
                sum += partial;
                s.append(i == digits.length() - 1 ? " " : ", ").append(top).append('*').append((digits.charAt(i) - '0') * place)
                        .append('=').append(partial);
            }
            result = sum;
            if (digits.length() > 1) s.append(' ').append(sum);
        } else {
            int width = Math.max(Long.toString(a).length(), Long.toString(b).length());
            String x = pad(a, width), y = pad(b, width);
            s.append(x).append(op).append(y).append(':');
            StringBuilder digitsSoFar = new StringBuilder();
            int carry = 0;
            for (int i = width - 1; i >= 0; i--) {
                int dx = x.charAt(i) - '0', dy = y.charAt(i) - '0';
                s.append(i == width - 1 ? " " : ", ");
                if (op == '+') {
                    int z = dx + dy + carry;
                    s.append(dx).append('+').append(dy).append('+').append(carry).append('=').append(z / 10).append(z % 10);
                    digitsSoFar.insert(0, z % 10);
                    carry = z / 10;
                } else {
                    int z = dx - dy - carry;
                    int borrow = z < 0 ? 1 : 0;
                    s.append(borrow == 1 ? "1" : "").append(dx).append('-').append(dy).append('-').append(carry).append('=').append(z + 10 * borrow);
                    digitsSoFar.insert(0, z + 10 * borrow);
                    carry = borrow;
                }
                if (i == 0 && carry == 1) digitsSoFar.insert(0, 1);
                s.append(' ').append(digitsSoFar);
            }
            result = op == '+' ? a + b : a - b;
        }
        return s.append(" #### ").append(result).toString();
    }

    private static String pad(long v, int width) {
        String s = Long.toString(v);
        return "0".repeat(width - s.length()) + s;
    }

    private static long operand(int digits, RandomGenerator rng) {
        long lo = digits == 1 ? 0 : (long) Math.pow(10, digits - 1);
        long hi = (long) Math.pow(10, digits);
        return rng.nextLong(lo, hi);
    }

    @Override
    public String parse(String output) {
        Long v = parseInteger(output);
        return v == null ? null : v.toString();
    }

    @Override
    public Score check(Item item, String output) {
        Long expected = parseInteger(item.answer());
        Long got = parseInteger(output);
        if (got == null) return Score.of(false, "no integer in output");
        return Score.of(got.equals(expected), "expected " + expected + ", got " + got);
    }

    /**
     * The answer integer in free output: only the first non-blank line counts (a model often runs on into a
     * new question); within it, the first integer after {@code ####} if there is one (the scratchpad's final
     * answer), else the first integer after the last {@code '='}, else the first integer. Thousands
     * separators are allowed ({@code "1,234"}). Null if there is none.
     */
    public static Long parseInteger(String output) {
        String line = firstLine(output);
        int hashes = line.indexOf("####");
        if (hashes >= 0) line = line.substring(hashes + 4);
        int eq = line.lastIndexOf('=');
        if (eq >= 0 && INTEGER.matcher(line.substring(eq + 1)).find()) line = line.substring(eq + 1);
        Matcher m = INTEGER.matcher(line);
        if (!m.find()) return null;
        try {
            return Long.parseLong(m.group().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String firstLine(String output) {
        for (String line : output.split("\n")) {
            if (!line.isBlank()) return line;
        }
        return "";
    }
}
