package inferlab.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jinja's {@code namespace(...)}: the one mutable object a template has, written by {@code {% set ns.x = ... %}}.
 * Templates use it to carry a value out of a loop, whose own {@code set}s end with each iteration.
 */
record Namespace(Map<String, Object> values) {
    Namespace() {
        this(new LinkedHashMap<>());
    }
}
