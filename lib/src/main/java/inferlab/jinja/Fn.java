package inferlab.jinja;

import java.util.List;
import java.util.Map;

/** Something a template can call: a global such as {@code raise_exception}, a macro, or a bound method such as {@code s.strip}. */
@FunctionalInterface
interface Fn {
    Object call(List<Object> args, Map<String, Object> kwargs);
}
