package inferlab.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options, {@code --flag} switches and positional words. A command reads what it knows; any
 * option left unread afterwards is reported as unknown, so a typo never passes silently.
 */
public final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> read = new LinkedHashSet<>();

    /**
     * Parses {@code args}: {@code --name=value}, {@code --name value}, or a bare {@code --name} (value "true") when
     * the next word is another option or absent.
     */
    public static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                } else {
                    value = "true";
                }
                if (o.values.put(name, value) != null) throw new IllegalArgumentException("option --" + name + " given twice");
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    public boolean has(String name) {
        read.add(name);
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        read.add(name);
        return values.getOrDefault(name, fallback);
    }

    public String required(String name) {
        String v = string(name, null);
        if (v == null) throw new IllegalArgumentException("missing option --" + name);
        return v;
    }

    public boolean flag(String name) {
        String v = string(name, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--" + name + " is a switch and takes no value (got " + v + ")");
        }
        return v.equals("true");
    }

    public int integer(String name, int fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs an integer, got \"" + v + "\"");
        }
    }

    public double number(String name, double fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a number, got \"" + v + "\"");
        }
    }

    /** A comma-separated list of integers; empty when the option is given as "". */
    public int[] integers(String name) {
        String v = required(name).trim();
        if (v.isEmpty() || v.equals("true")) return new int[0];
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " needs comma-separated integers, got \"" + parts[i] + "\"");
            }
        }
        return out;
    }

    public List<String> positional() {
        return positional;
    }

    /** Fails on options no one read. */
    public void requireAllRead() {
        for (String name : values.keySet()) {
            if (!read.contains(name)) throw new IllegalArgumentException("unknown option --" + name);
        }
    }
}
