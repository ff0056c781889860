package inferlab.serve;

import inferlab.model.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental detokenization: the text of a growing token sequence, released only once it is final. Two things
 * make the newest text provisional: a token can end inside a UTF-8 character (it decodes to U+FFFD until the rest
 * arrives), and the text can end with the beginning of a stop string, which must not reach the client if the stop
 * string completes. Both are held back; everything before them is released at once, so a streaming client sees
 * each token's text as soon as it is certain.
 */
final class IncrementalText {
    private final Tokenizer tokenizer;
    private final List<String> stops;
    private final List<Integer> ids = new ArrayList<>();
    private String text = "";
    private int released;
    private boolean stopped;

    IncrementalText(Tokenizer tokenizer, List<String> stops) {
        this.tokenizer = tokenizer;
        this.stops = stops;
    }

    /** Appends a token; returns the text it releases (maybe ""). After a stop string, {@link #stopped()} is true. */
    String add(int id) {
        ids.add(id);
        text = tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray());
        int stopAt = -1;
        for (String s : stops) {
            int at = text.indexOf(s);
            if (at >= 0 && (stopAt < 0 || at < stopAt)) stopAt = at;
        }
        if (stopAt >= 0) {
            stopped = true;
            text = text.substring(0, stopAt);
            return release(text.length());
        }
        int safe = text.length();
        while (safe > released && text.charAt(safe - 1) == '\uFFFD') safe--;
        return release(safe - heldForStops(text.substring(0, safe)));
    }

    /** The rest of the text, at the end of generation. */
    String finish() {
        return release(text.length());
    }

    boolean stopped() {
        return stopped;
    }

    int tokens() {
        return ids.size();
    }

    /** Length of the longest suffix of {@code s} that begins some stop string. */
    private int heldForStops(String s) {
        int held = 0;
        for (String stop : stops) {
            for (int k = Math.min(stop.length() - 1, s.length()); k > held; k--) {
                if (s.endsWith(stop.substring(0, k))) {
                    held = k;
                    break;
                }
            }
        }
        return held;
    }

    private String release(int upTo) {
        if (upTo <= released) return "";
        String out = text.substring(released, upTo);
        released = upTo;
        return out;
    }
}
