package inferlab.task;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A graph answer read the way the course's grader ({@code final-project/example_code/eval/grader.py}) reads
 * it: a set of (path, weight) pairs. Two formats, tried in this order:
 * <ol>
 * <li>gold-style JSON, {@code {"paths": [{"path": [0,2,4], "weight": 25}, ...]}}: the text from the first
 * '{' to the last '}' must be one JSON object whose {@code paths} is a non-empty list of objects that all have
 * {@code path} and {@code weight};</li>
 * <li>the call {@code submit_paths(paths=[[0,2,4]], weights=[25])}, keyword arguments in either order, each a
 * Python list literal (lists, tuples, numbers, strings; trailing commas allowed).</li>
 * </ol>
 * Anything else, a bare {@code [[0,2,4]]} included, is no submission. Pairs are (i-th path, i-th weight) up to
 * the shorter list; a set, so repeats count once. Numbers compare by value (25 = 25.0), as in Python.
 *
 * <p>Where the course's grader evaluates the lists with Python's {@code eval}, this reads literals only:
 * arithmetic such as {@code weights=[3+22]} counts as no submission here.
 */
public record PathSubmission(Set<Pair> pairs) {
    /** One submitted path with its claimed total weight. */
    public record Pair(List<Double> path, double weight) {}

    private static final Pattern OBJECT = Pattern.compile("\\{.*\\}", Pattern.DOTALL);
    private static final int FLAGS = Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern PATHS_FIRST = Pattern.compile(
            "submit_paths\\s*\\(\\s*paths\\s*=\\s*(\\[.*?\\])\\s*,\\s*weights\\s*=\\s*(\\[.*?\\])\\s*\\)", FLAGS);
    private static final Pattern WEIGHTS_FIRST = Pattern.compile(
            "submit_paths\\s*\\(\\s*weights\\s*=\\s*(\\[.*?\\])\\s*,\\s*paths\\s*=\\s*(\\[.*?\\])\\s*\\)", FLAGS);

    public PathSubmission {
        pairs = Collections.unmodifiableSet(new LinkedHashSet<>(pairs)); // submission order, for printing
    }

    /** The submission in {@code output}, or null when neither format is found (the course's "parse error"). */
    public static PathSubmission parse(String output) {
        if (output == null || output.isBlank()) return null;
        PathSubmission json = fromJson(output);
        if (json != null) return json;
        for (Pattern call : List.of(PATHS_FIRST, WEIGHTS_FIRST)) {
            Matcher m = call.matcher(output);
            if (!m.find()) continue;
            boolean pathsFirst = call == PATHS_FIRST;
            Object paths = PythonLiteral.read(m.group(pathsFirst ? 1 : 2));
            Object weights = PythonLiteral.read(m.group(pathsFirst ? 2 : 1));
            if (paths instanceof List<?> p && weights instanceof List<?> w) return of(p, w);
        }
        return null;
    }

    /** The pairs of {@code gold} that this submission also holds. */
    public int matches(PathSubmission gold) {
        int n = 0;
        for (Pair p : gold.pairs) if (pairs.contains(p)) n++;
        return n;
    }

    private static PathSubmission fromJson(String output) {
        Matcher m = OBJECT.matcher(output);
        if (!m.find()) return null;
        JsonElement root = strictJson(m.group());
        if (root == null || !root.isJsonObject() || !(root.getAsJsonObject().get("paths") instanceof JsonArray list)) return null;
        if (list.isEmpty() || !(list.get(0) instanceof JsonObject first) || !first.has("path")) return null;
        List<Object> paths = new ArrayList<>(), weights = new ArrayList<>();
        for (JsonElement e : list) {
            if (!(e instanceof JsonObject o) || !o.has("path") || !o.has("weight")) return null;
            paths.add(value(o.get("path")));
            weights.add(value(o.get("weight")));
        }
        return of(paths, weights);
    }

    /** Python's {@code json.loads}: one JSON value and nothing after it, no lenient syntax. */
    private static JsonElement strictJson(String text) {
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            JsonElement e = JsonParser.parseReader(r);
            return r.peek() == JsonToken.END_DOCUMENT ? e : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A JSON value as the objects {@link PythonLiteral} yields: Double, String, List, or null for anything else. */
    private static Object value(JsonElement e) {
        if (e.isJsonArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonElement x : e.getAsJsonArray()) out.add(value(x));
            return out;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) return e.getAsDouble();
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) return e.getAsString();
        return null;
    }

    /**
     * Pairs (paths[i], weights[i]). A pair whose path or weight is not numeric can never equal a gold pair
     * and is left out; a path that is a bare number (Python's {@code tuple(path)} fails) or holds a list (the
     * tuple cannot be hashed) raises an error the course's grader does not catch: no submission.
     */
    private static PathSubmission of(List<?> paths, List<?> weights) {
        Set<Pair> pairs = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(paths.size(), weights.size()); i++) {
            Object path = paths.get(i), weight = weights.get(i);
            if (path instanceof Double || path instanceof List<?> l && l.stream().anyMatch(List.class::isInstance)) return null;
            if (!(path instanceof List<?> nodes) || !(weight instanceof Double w)) continue;
            List<Double> numeric = new ArrayList<>();
            for (Object node : nodes) if (node instanceof Double d) numeric.add(d + 0.0); // -0 == 0 in Python
            if (numeric.size() == nodes.size()) pairs.add(new Pair(List.copyOf(numeric), w + 0.0));
        }
        return new PathSubmission(pairs);
    }
}
