package inferlab.task;

import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Templated multi-step word problems with GSM8K-style worked solutions: each step is one line
 * {@code "Mia buys 3*4 = <<3*4=12>>12 pens."}, the last line is {@code "#### 17"}. Every annotation is
 * computed by {@link Calculator}, so the solutions are consistent by construction. 32 templates of one to
 * three steps; names, objects and numbers vary; all intermediate results are non-negative integers.
 * Graded on the integer after {@code ####}.
 */
public final class WordProblems implements Task {
    public static final String NAME = "word-problems";
    private static final Pattern FINAL = Pattern.compile("####\\s*\\$?\\s*(-?[\\d,]*\\.?\\d+)");

    private static final String[] NAMES = {"Mia", "Leo", "Ava", "Sam", "Zoe", "Max", "Lily", "Omar", "Nina", "Ben",
        "Ella", "Raj", "Ivy", "Tom", "Sara", "Jack", "Lena", "Noah", "Rosa", "Eli"};
    private static final String[] THINGS = {"apples", "pencils", "stickers", "marbles", "cookies", "books", "cards",
        "shells", "toys", "coins", "pens", "stamps"};

    /** One worked solution under construction. */
    private static final class Solution {
        final StringBuilder text = new StringBuilder();
        long last;

        /** Appends {@code line} with its {@code #} replaced by {@code EXPR = <<EXPR=V>>V}; returns V. */
        long step(String line, String expr) {
            BigDecimal v = Calculator.evaluate(expr);
            last = v.longValueExact();
            String value = Calculator.format(v);
            text.append(line.replace("#", expr + " = <<" + expr + "=" + value + ">>" + value)).append('\n');
            return last;
        }

        String finish() {
            return text + "#### " + last;
        }
    }

    /** Random choices for one problem. */
    private static final class Draw {
        final RandomGenerator rng;
        final String a, b, x;
        final Solution s = new Solution();

        Draw(RandomGenerator rng) {
            this.rng = rng;
            a = NAMES[rng.nextInt(NAMES.length)];
            String other;
            do other = NAMES[rng.nextInt(NAMES.length)]; while (other.equals(a));
            b = other;
            x = THINGS[rng.nextInt(THINGS.length)];
        }

        /** Uniform integer in [lo, hi]. */
        int n(int lo, int hi) {
            return rng.nextInt(lo, hi + 1);
        }
    }

    private interface Template {
        /** Writes the solution into {@code d.s} and returns the question. */
        String make(Draw d);
    }

    private static final Template[] TEMPLATES = {
        d -> { int p = d.n(3, 40), q = d.n(2, 30);
            d.s.step(d.a + " has # " + d.x + ".", p + "+" + q);
            return d.a + " has " + p + " " + d.x + " and gets " + q + " more. How many " + d.x + " does " + d.a + " have?"; },
        d -> { int q = d.n(2, 30), p = q + d.n(1, 40);
            d.s.step(d.a + " has # " + d.x + " left.", p + "-" + q);
            return d.a + " has " + p + " " + d.x + " and gives " + q + " to " + d.b + ". How many are left?"; },
        d -> { int p = d.n(2, 12), q = d.n(2, 12);
            d.s.step(d.a + " buys # " + d.x + ".", p + "*" + q);
            return d.a + " buys " + p + " packs of " + d.x + " with " + q + " in each pack. How many " + d.x + " is that?"; },
        d -> { int k = d.n(2, 9), e = d.n(2, 12);
            d.s.step("Each friend gets # " + d.x + ".", k * e + "/" + k);
            return d.a + " shares " + k * e + " " + d.x + " equally among " + k + " friends. How many does each friend get?"; },
        d -> { int p = d.n(2, 30), k = d.n(2, 9), q = d.n(2, 12);
            long got = d.s.step(d.a + " buys # " + d.x + ".", k + "*" + q);
            d.s.step(d.a + " has # " + d.x + ".", p + "+" + got);
            return d.a + " has " + p + " " + d.x + " and buys " + k + " packs of " + q + ". How many " + d.x + " does " + d.a + " have now?"; },
        d -> { int r = d.n(5, 20), h = d.n(2, 9), c = d.n(1, r * h - 1);
            long earned = d.s.step(d.a + " earns # dollars.", r + "*" + h);
            d.s.step(d.a + " has # dollars left.", earned + "-" + c);
            return d.a + " earns " + r + " dollars an hour and works " + h + " hours, then spends " + c + " dollars. How many dollars are left?"; },
        d -> { int p = 2 * d.n(4, 40);
            long may = d.s.step(d.a + " sold # " + d.x + " in May.", p + "/2");
            d.s.step(d.a + " sold # " + d.x + " in total.", p + "+" + may);
            return d.a + " sold " + p + " " + d.x + " in April and half as many in May. How many " + d.x + " did " + d.a + " sell in total?"; },
        d -> { int per = d.n(5, 30), days = d.n(2, 7), left = d.n(5, 60), total = per * days + left;
            long read = d.s.step(d.a + " reads # pages.", per + "*" + days);
            d.s.step("# pages are left.", total + "-" + read);
            return "A book has " + total + " pages. " + d.a + " reads " + per + " pages a day for " + days + " days. How many pages are left?"; },
        d -> { int k = d.n(2, 9), q = d.n(3, 12), e = d.n(1, k * q - 1);
            long all = d.s.step("There are # cookies.", k + "*" + q);
            d.s.step("# cookies are left.", all + "-" + e);
            return d.a + " has " + k + " boxes of " + q + " cookies and eats " + e + ". How many cookies are left?"; },
        d -> { int p = d.n(5, 20), q = d.n(2, 10), m = d.n(1, 5), k = d.n(1, 6);
            long adults = d.s.step("Adult tickets cost # dollars.", m + "*" + p);
            long kids = d.s.step("Child tickets cost # dollars.", k + "*" + q);
            d.s.step("The tickets cost # dollars.", adults + "+" + kids);
            return "Adult tickets cost " + p + " dollars and child tickets " + q + " dollars. " + d.a + " buys " + m + " adult and " + k + " child tickets. What is the total cost?"; },
        d -> { int r = d.n(2, 12), c = d.n(2, 12), dead = d.n(1, r * c - 1);
            long all = d.s.step("The garden has # plants.", r + "*" + c);
            d.s.step("# plants are left.", all + "-" + dead);
            return "A garden has " + r + " rows of " + c + " plants. " + dead + " plants die. How many plants are left?"; },
        d -> { int w = 2 * d.n(1, 6), a = d.n(3, 20);
            long saved = d.s.step(d.a + " saves # dollars.", a + "*" + w);
            d.s.step(d.a + " has # dollars left.", saved + "/2");
            return d.a + " saves " + a + " dollars a week for " + w + " weeks, then spends half. How many dollars are left?"; },
        d -> { int b = d.n(2, 30), c = d.n(2, 30), t = b + c + d.n(0, 50);
            long sold = d.s.step("The shop sells # " + d.x + ".", b + "+" + c);
            d.s.step("# " + d.x + " are left.", t + "-" + sold);
            return "A shop has " + t + " " + d.x + ". It sells " + b + " in the morning and " + c + " in the afternoon. How many are left?"; },
        d -> { int v = 10 * d.n(3, 12), h = d.n(2, 6);
            d.s.step("The car travels # km.", v + "*" + h);
            return "A car drives at " + v + " km per hour for " + h + " hours. How far does it travel?"; },
        d -> { int p = d.n(3, 40);
            long twice = d.s.step(d.b + " has # " + d.x + ".", "2*" + p);
            d.s.step("Together they have # " + d.x + ".", p + "+" + twice);
            return d.a + " has " + p + " " + d.x + ". " + d.b + " has twice as many. How many " + d.x + " do they have together?"; },
        d -> { int k = d.n(2, 5), q = d.n(2, 15), p = k * q;
            long fewer = d.s.step(d.b + " has # " + d.x + ".", p + "/" + k);
            d.s.step("Together they have # " + d.x + ".", p + "+" + fewer);
            return d.a + " has " + p + " " + d.x + ". " + d.b + " has " + (k == 2 ? "half" : k == 3 ? "a third" : k == 4 ? "a quarter" : "a fifth") + " as many. How many do they have together?"; },
        d -> { int price = d.n(2, 9), k = d.n(2, 8), bill = 10 * (price * k / 10 + 1 + d.n(0, 4));
            long cost = d.s.step("The " + d.x + " cost # dollars.", k + "*" + price);
            d.s.step(d.a + " gets # dollars back.", bill + "-" + cost);
            return d.a + " buys " + k + " " + d.x + " at " + price + " dollars each and pays with " + bill + " dollars. How much change does " + d.a + " get?"; },
        d -> { int bag = d.n(2, 6), batch = d.n(2, 4), per = bag * d.n(2, 6);
            long all = d.s.step(d.a + " bakes # cookies.", batch + "*" + per);
            d.s.step(d.a + " fills # bags.", all + "/" + bag);
            return d.a + " bakes " + batch + " batches of " + per + " cookies and packs them in bags of " + bag + ". How many bags?"; },
        d -> { int age = d.n(5, 30), older = d.n(1, 20), later = d.n(1, 10);
            long now = d.s.step(d.b + " is # years old.", age + "+" + older);
            d.s.step("In " + later + " years " + d.b + " will be # years old.", now + "+" + later);
            return d.a + " is " + age + " years old. " + d.b + " is " + older + " years older. How old will " + d.b + " be in " + later + " years?"; },
        d -> { int rate = d.n(2, 15), min = d.n(2, 10), had = d.n(1, 50);
            long added = d.s.step("The tank gets # liters.", rate + "*" + min);
            d.s.step("The tank holds # liters.", had + "+" + added);
            return "A tank holds " + had + " liters. Water flows in at " + rate + " liters a minute for " + min + " minutes. How many liters are in the tank?"; },
        d -> { int g1 = d.n(2, 30), g2 = d.n(2, 30), g3 = d.n(2, 30);
            g3 += (3 - (g1 + g2 + g3) % 3) % 3;
            d.s.step("The average is # points.", "(" + g1 + "+" + g2 + "+" + g3 + ")/3");
            return d.a + " scores " + g1 + ", " + g2 + " and " + g3 + " points in three games. What is the average score?"; },
        d -> { int pz = d.n(2, 6), sl = 2 * d.n(3, 6), people = d.n(2, 6), each = d.n(1, Math.max(1, pz * sl / people));
            long slices = d.s.step("There are # slices.", pz + "*" + sl);
            long eaten = d.s.step("They eat # slices.", people + "*" + each);
            d.s.step("# slices are left.", slices + "-" + eaten);
            return "There are " + pz + " pizzas with " + sl + " slices each. " + people + " people eat " + each + " slices each. How many slices are left?"; },
        d -> { int price = 10 * d.n(2, 30);
            long off = d.s.step("The discount is # dollars.", price + "/10");
            d.s.step("The price is # dollars.", price + "-" + off);
            return "A coat costs " + price + " dollars. It is 10% off. What is the new price?"; },
        d -> { int g = d.n(2, 8), size = d.n(2, 9);
            d.s.step("Each group has # students.", g * size + "/" + g);
            return "A class of " + g * size + " students splits into " + g + " equal groups. How many students are in each group?"; },
        d -> { int k = d.n(2, 6), price = d.n(2, 9), money = k * price + d.n(0, 30), gift = d.n(1, 20);
            long cost = d.s.step(d.a + " spends # dollars.", k + "*" + price);
            long left = d.s.step(d.a + " has # dollars.", money + "-" + cost);
            d.s.step(d.a + " then has # dollars.", left + "+" + gift);
            return d.a + " has " + money + " dollars, buys " + k + " " + d.x + " at " + price + " dollars each, then gets " + gift + " dollars from " + d.b + ". How many dollars now?"; },
        d -> { int km = d.n(2, 10), days = d.n(2, 6), weeks = d.n(2, 5);
            long week = d.s.step(d.a + " runs # km a week.", km + "*" + days);
            d.s.step(d.a + " runs # km.", week + "*" + weeks);
            return d.a + " runs " + km + " km on " + days + " days each week for " + weeks + " weeks. How many km is that?"; },
        d -> { int ap = 2 * d.n(2, 20), or = d.n(2, 30);
            long kept = d.s.step("# apples are left.", ap + "/2");
            d.s.step("# fruits are left.", kept + "+" + or);
            return "A basket has " + ap + " apples and " + or + " oranges. Half of the apples are sold. How many fruits are left?"; },
        d -> { int r = d.n(3, 15), c = d.n(3, 15), p = d.n(1, r * c - 1);
            long seats = d.s.step("The hall has # chairs.", r + "*" + c);
            d.s.step("# chairs are empty.", seats + "-" + p);
            return "A hall has " + r + " rows of " + c + " chairs. " + p + " people sit down. How many chairs are empty?"; },
        d -> { int per = d.n(2, 20), months = d.n(2, 12), give = d.n(1, per * months - 1);
            long got = d.s.step(d.a + " collects # stamps.", per + "*" + months);
            d.s.step(d.a + " keeps # stamps.", got + "-" + give);
            return d.a + " collects " + per + " stamps a month for " + months + " months and gives " + give + " to " + d.b + ". How many stamps are left?"; },
        d -> { int hens = d.n(2, 12), eggs = d.n(2, 4), days = d.n(2, 7);
            long daily = d.s.step("The hens lay # eggs a day.", hens + "*" + eggs);
            d.s.step("They lay # eggs.", daily + "*" + days);
            return d.a + " has " + hens + " hens. Each lays " + eggs + " eggs a day. How many eggs in " + days + " days?"; },
        d -> { int pay = d.n(20, 90), days = d.n(2, 6), spend = d.n(1, 50);
            long week = d.s.step(d.a + " earns # dollars a week.", pay + "*" + days);
            d.s.step(d.a + " saves # dollars.", week + "-" + spend);
            return d.a + " earns " + pay + " dollars a day, works " + days + " days a week and spends " + spend + " dollars. How much is saved each week?"; },
        d -> { int q = d.n(2, 25), cards = 4 * q;
            long gave = d.s.step(d.a + " gives away # cards.", cards + "/4");
            d.s.step(d.a + " has # cards left.", cards + "-" + gave);
            return d.a + " has " + cards + " cards and gives a quarter of them to " + d.b + ". How many cards are left?"; },
    };

    @Override
    public String name() {
        return NAME;
    }

    /** Number of templates (each item's meta {@code template} is an index below this). */
    public static int templates() {
        return TEMPLATES.length;
    }

    @Override
    public List<Item> generate(int n, RandomGenerator rng) {
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int t = rng.nextInt(TEMPLATES.length);
            Draw d = new Draw(rng);
            String question = TEMPLATES[t].make(d);
            JsonObject meta = new JsonObject();
            meta.addProperty("template", t);
            meta.addProperty("final", d.s.last);
            items.add(new Item(NAME + "-" + i, NAME, "Q: " + question + "\nA:", d.s.finish(), meta));
        }
        return items;
    }

    @Override
    public String parse(String output) {
        BigDecimal v = parseFinal(output);
        return v == null ? null : Calculator.format(v);
    }

    @Override
    public Score check(Item item, String output) {
        BigDecimal expected = parseFinal(item.answer());
        BigDecimal got = parseFinal(output);
        if (got == null) return Score.of(false, "no '#### N' in output");
        return Score.of(got.compareTo(expected) == 0, "expected " + Calculator.format(expected) + ", got " + Calculator.format(got));
    }

    /** The number after the first {@code ####} (commas and a {@code $} allowed), or null. */
    public static BigDecimal parseFinal(String output) {
        Matcher m = FINAL.matcher(output);
        if (!m.find()) return null;
        try {
            return new BigDecimal(m.group(1).replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Every {@code <<EXPR=V>>} annotation in {@code text} as {EXPR, V} pairs. */
    public static List<String[]> annotations(String text) {
        List<String[]> out = new ArrayList<>();
        Matcher m = Pattern.compile("<<([^=<>]*)=([^<>]*)>>").matcher(text);
        while (m.find()) out.add(new String[] {m.group(1), m.group(2)});
        return out;
    }
}
