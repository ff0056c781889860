package inferlab.task;

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
 * <li>the call {@code submit_paths(paths=[[0,2,4]], weights=[25])}, keyword arguments in either order, each
 * bracketed text evaluated as Python's {@code eval} would ({@link PythonLiteral}: literals, tuples, arithmetic
 * such as {@code weights=[3+22]}).</li>
 * </ol>
 * Anything else, a bare {@code [[0,2,4]]} included, is no submission. Pairs are (i-th path, i-th weight) up to
 * the shorter list; a set, so repeats count once. Numbers compare by value (25 = 25.0 = True*25), as in Python.
 * Where the course's grader raises an uncaught error (an unhashable or non-iterable path, an over-long JSON
 * integer), its whole run stops; here such an output is no submission.
 */
public record PathSubmission(Set<Pair> pairs) {
    /** One submitted path with its claimed total weight. */
    public record Pair(List<Double> path, double weight) {}

    private static final Pattern OBJECT = Pattern.compile("\\{.*\\}", Pattern.DOTALL);
    private static final int FLAGS = Pattern.DOTALL | Pattern.UNICODE_CHARACTER_CLASS;
    /** Python's \\s in a str pattern is str.isspace(), which also holds the separators U+001C..U+001F. */
    private static final String S = "[\\s\\x1c-\\x1f]";
    private static final Pattern PATHS_FIRST = Pattern.compile(("submit_paths\\s*\\(\\s*paths\\s*=\\s*(\\[.*?\\])\\s*,"
            + "\\s*weights\\s*=\\s*(\\[.*?\\])\\s*\\)").replace("\\s", S), FLAGS);
    private static final Pattern WEIGHTS_FIRST = Pattern.compile(("submit_paths\\s*\\(\\s*weights\\s*=\\s*(\\[.*?\\])\\s*,"
            + "\\s*paths\\s*=\\s*(\\[.*?\\])\\s*\\)").replace("\\s", S), FLAGS);

    public PathSubmission {
        pairs = Collections.unmodifiableSet(new LinkedHashSet<>(pairs)); // submission order, for printing
    }

    /** The submission in {@code output}, or null when neither format is found (the course's "parse error"). */
    public static PathSubmission parse(String output) {
        if (output == null || output.isBlank()) return null;
        Object[] json;
        try {
            json = fromJson(output);
        } catch (PythonJson.TooLong e) {
            return null; // json.loads raises a ValueError the course does not catch: its run stops; here, no submission
        }
        if (json != null) return of(json[0], json[1]);
        for (Pattern call : List.of(PATHS_FIRST, WEIGHTS_FIRST)) {
            Matcher m = call.matcher(output);
            if (!m.find()) continue;
            boolean pathsFirst = call == PATHS_FIRST;
            // the course evals the two bracketed texts and, if either fails, tries the other order (not a later call)
            Object paths = PythonLiteral.read(m.group(pathsFirst ? 1 : 2));
            Object weights = PythonLiteral.read(m.group(pathsFirst ? 2 : 1));
            if (paths != null && weights != null) return of(paths, weights);
        }
        return null;
    }

    /** The pairs of {@code gold} that this submission also holds. */
    public int matches(PathSubmission gold) {
        int n = 0;
        for (Pair p : gold.pairs) if (pairs.contains(p)) n++;
        return n;
    }

    /**
     * {paths, weights} from gold-style JSON, or null: the text from the first '{' to the last '}' must be what
     * Python's json.loads reads as an object whose "paths" is a list starting with an object that has "path",
     * and every item must be an object with "path" and "weight" (else the course's except clause falls through).
     */
    private static Object[] fromJson(String output) {
        Matcher m = OBJECT.matcher(output);
        if (!m.find()) return null;
        if (!(PythonJson.read(m.group()) instanceof PythonJson.Obj root) || !(root.fields().get("paths") instanceof List<?> list)) return null;
        if (list.isEmpty() || !(list.get(0) instanceof PythonJson.Obj first) || !first.fields().containsKey("path")) return null;
        List<Object> paths = new ArrayList<>(), weights = new ArrayList<>();
        for (Object e : list) {
            if (!(e instanceof PythonJson.Obj o) || !o.fields().containsKey("path") || !o.fields().containsKey("weight")) return null;
            paths.add(o.fields().get("path"));
            weights.add(o.fields().get("weight"));
        }
        return new Object[] {paths, weights};
    }

    /**
     * Pairs (tuple(paths[i]), weights[i]) for i below both lengths, as the course builds its set. Where Python
     * raises there (a path that is a number or None is not iterable; a list inside a path, or a list or dict
     * as a weight, cannot be hashed), the course's run stops with the error; here that is no submission.
     * Pairs that are not all numbers stay out: they can never equal a gold pair.
     */
    private static PathSubmission of(Object paths, Object weights) {
        List<?> ps = items(paths), ws = items(weights);
        if (ps == null || ws == null) return null;
        Set<Pair> pairs = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(ps.size(), ws.size()); i++) {
            Object path = ps.get(i), weight = ws.get(i);
            List<?> nodes = path instanceof PythonJson.Obj o ? List.copyOf(o.fields().keySet()) : items(path);
            if (nodes == null || !PythonLiteral.hashable(new PythonLiteral.Tuple(new ArrayList<>(nodes))) || !hashable(weight)) return null;
            if (!(weight instanceof Double w)) continue;
            List<Double> numeric = new ArrayList<>();
            for (Object node : nodes) if (node instanceof Double d) numeric.add(d + 0.0); // -0 == 0 in Python
            if (numeric.size() == nodes.size()) pairs.add(new Pair(List.copyOf(numeric), w + 0.0));
        }
        return new PathSubmission(pairs);
    }

    private static boolean hashable(Object v) {
        return !(v instanceof PythonJson.Obj) && PythonLiteral.hashable(v);
    }

    /** The items Python iterates over in {@code v} (list, tuple, or a string's characters); null if not iterable. */
    private static List<?> items(Object v) {
        if (v instanceof List<?> l) return l;
        if (v instanceof PythonLiteral.Tuple t) return t.items();
        if (v instanceof String str) return str.codePoints().mapToObj(Character::toString).toList();
        return null;
    }
}
