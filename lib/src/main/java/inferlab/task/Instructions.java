package inferlab.task;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Instruction following with a rubric. Each prompt asks for text on a topic under 2–4 checkable
 * requirements ({@link Requirement}):
 * <pre>
 * Q: Write about "revenue". Rules: 1) 12 to 30 words; 2) all lowercase; 3) end with "thank you."
 * A: the revenue of the government ... thank you.
 * </pre>
 * The gold answer is built first, from 1–3 corpus sentences (optionally as a bullet list, lowercased or
 * with a closing phrase), and the requirements are then drawn among those it satisfies, so gold always
 * scores 1. Score = fraction of requirements met; {@link #results} gives each one. Meta
 * {@code requirements} holds the rubric as JSON.
 */
public final class Instructions implements Task {
    public static final String NAME = "instructions";
    private static final Gson GSON = new Gson();
    private static final String[] CLOSINGS = {"Thank you.", "God bless America.", "That is all.", "So be it.",
        "We will prevail.", "The end."};

    private final List<String> sentences;

    /** @param corpusText text to draw responses from (a corpus split); "" gives a grader that cannot generate */
    public Instructions(String corpusText) {
        this.sentences = Sentences.of(corpusText, 5, 18);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Item> generate(int n, RandomGenerator rng) {
        if (sentences.size() < 10) throw new IllegalStateException("corpus text has too few clean sentences");
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) items.add(one(NAME + "-" + i, rng));
        return items;
    }

    private Item one(String id, RandomGenerator rng) {
        int count = 1 + rng.nextInt(3);
        int start = rng.nextInt(sentences.size() - count);
        List<String> parts = new ArrayList<>(sentences.subList(start, start + count));
        boolean bullets = count > 1 && rng.nextInt(4) == 0;
        boolean lower = rng.nextInt(4) == 0;
        String closing = !bullets && rng.nextInt(4) == 0 ? CLOSINGS[rng.nextInt(CLOSINGS.length)] : null;
        if (closing != null) parts.add(closing);
        String response = bullets ? "- " + String.join("\n- ", parts) : String.join(" ", parts);
        if (lower) response = response.toLowerCase(Locale.ROOT);

        List<String> content = new ArrayList<>();
        for (String w : Sentences.words(response)) {
            String b = Requirement.bare(w);
            if (b.length() >= 5 && b.chars().allMatch(Character::isLetter) && !content.contains(b)) content.add(b);
        }
        String topic = content.isEmpty() ? "the nation" : content.get(rng.nextInt(content.size()));

        // Requirements the response meets: the forced ones first, then optional ones until 2–4.
        List<Requirement> rules = new ArrayList<>();
        if (bullets) rules.add(Requirement.bullets(parts.size()));
        if (lower) rules.add(Requirement.lowercase());
        if (closing != null) rules.add(Requirement.endsWith(lower ? closing.toLowerCase(Locale.ROOT) : closing));
        int words = Sentences.words(response).size();
        List<Requirement> optional = new ArrayList<>();
        optional.add(Requirement.words(Math.max(1, words - rng.nextInt(8)), words + rng.nextInt(12)));
        if (!bullets) optional.add(Requirement.sentences(Sentences.count(response)));
        optional.add(Requirement.startsWith(Requirement.bare(Sentences.words(response).get(0))));
        for (String w : content) {
            if (!w.equalsIgnoreCase(topic)) { optional.add(Requirement.include(w)); break; }
        }
        String absent = absentWord(response, rng);
        if (absent != null) optional.add(Requirement.exclude(absent));
        int target = 2 + rng.nextInt(3);
        while (rules.size() < target && !optional.isEmpty()) rules.add(optional.remove(rng.nextInt(optional.size())));

        StringBuilder prompt = new StringBuilder("Q: Write about \"").append(topic).append("\". Rules:");
        for (int r = 0; r < rules.size(); r++) {
            prompt.append(r == 0 ? " " : "; ").append(r + 1).append(") ").append(rules.get(r).describe());
        }
        prompt.append(".\nA:");
        JsonObject meta = new JsonObject();
        meta.add("requirements", GSON.toJsonTree(rules));
        return new Item(id, NAME, prompt.toString(), response, meta);
    }

    /** A content word of some other corpus sentence that the response does not contain. */
    private String absentWord(String response, RandomGenerator rng) {
        for (int tries = 0; tries < 20; tries++) {
            List<String> ws = Sentences.words(sentences.get(rng.nextInt(sentences.size())));
            String w = Requirement.bare(ws.get(rng.nextInt(ws.size()))).toLowerCase(Locale.ROOT);
            if (w.length() >= 5 && w.chars().allMatch(Character::isLetter) && Requirement.exclude(w).test(response)) return w;
        }
        return null;
    }

    /** The rubric stored in an item's meta. */
    public static List<Requirement> requirements(Item item) {
        List<Requirement> out = new ArrayList<>();
        JsonArray a = item.meta().getAsJsonArray("requirements");
        for (JsonElement e : a) out.add(GSON.fromJson(e, Requirement.class));
        return out;
    }

    /**
     * The response in free output: everything up to a line starting with {@code "Q:"} (a model running on
     * into a new item), stripped.
     */
    public static String response(String output) {
        int cut = output.indexOf("\nQ:");
        return (cut < 0 ? output : output.substring(0, cut)).strip();
    }

    /** Per-requirement verdicts of {@code judge}, in rubric order. */
    public static List<Boolean> results(Item item, String output, Judge judge) {
        String response = response(output);
        List<Boolean> out = new ArrayList<>();
        for (Requirement r : requirements(item)) out.add(judge.judge(item.prompt(), r, response));
        return out;
    }

    /** Fraction of requirements {@code judge} says are met. */
    public static Score check(Item item, String output, Judge judge) {
        List<Requirement> rules = requirements(item);
        List<Boolean> ok = results(item, output, judge);
        int met = 0;
        StringBuilder failed = new StringBuilder();
        for (int i = 0; i < ok.size(); i++) {
            if (ok.get(i)) met++;
            else failed.append(failed.length() == 0 ? "; failed: " : ", ").append(rules.get(i).describe());
        }
        return new Score((double) met / ok.size(), met + "/" + ok.size() + " requirements" + failed);
    }

    /** The response ({@link #response}); never null. */
    @Override
    public String parse(String output) {
        return response(output);
    }

    @Override
    public Score check(Item item, String output) {
        return check(item, output, Judge.PROGRAMMATIC);
    }
}
