package inferlab.jinja;

import java.util.ArrayList;
import java.util.Collection;

/** A Python tuple: a list in every way but its printed form, {@code (1, 2)} and {@code (1,)}. */
final class Tuple extends ArrayList<Object> {
    Tuple(Collection<?> items) {
        super(items);
    }
}
