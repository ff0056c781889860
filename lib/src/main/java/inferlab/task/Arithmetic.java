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
            long result = switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                default -> a * b;
            };
            JsonObject meta = new JsonObject();
            meta.addProperty("digits", digits);
            meta.addProperty("op", String.valueOf(op));
            items.add(new Item(NAME + "-" + i, NAME, "Q: " + a + " " + op + " " + b + " = ?\nA:",
                    Long.toString(result), meta));
        }
        return items;
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
     * new question); within it, the first integer after the last {@code '='} if there is one, else the first
     * integer. Thousands separators are allowed ({@code "1,234"}). Null if there is none.
     */
    public static Long parseInteger(String output) {
        String line = firstLine(output);
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
