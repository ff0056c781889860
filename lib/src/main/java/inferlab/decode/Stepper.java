package inferlab.decode;

import inferlab.model.Tokenizer;
import java.util.Arrays;

/**
 * One sequence's progress under a {@link StopRule}: a generation loop feeds it each new token ({@link #add}) and it
 * answers whether and why to stop, and holds the ids and the text of the new tokens under the rule's
 * end-of-sequence convention (EOS kept in the ids, never in the text; text cut before a stop string).
 *
 * <p>The text is always decoded from all new ids at once, never token by token: a byte-level token can end inside
 * a UTF-8 character (the text then ends in U+FFFD until the next token completes it), and a stop string can span
 * several tokens. A stop string is looked for only where it could newly appear: ending in the text that changed
 * since the last token, so a completed character or a string across a token boundary is found once it is whole.
 *
 * <p>{@link #settled()} tells a streaming caller how much of the text later tokens cannot change: the text before an
 * unfinished character and before a suffix that begins a stop string (which must not reach the client if the stop
 * string completes).
 */
public final class Stepper {
    private final StopRule rule;
    private final Tokenizer tokenizer;
    private final int promptLength;
    private final int longestStop;
    private int[] ids;
    private int size;
    private int generated;
    private Generation.Stop stop;
    private String text = "";
    /** The ids changed since {@link #text} was decoded (without stop strings the text is decoded on demand). */
    private boolean stale;
    /** Text before this index was searched for stop strings and does not change: no new match lies within it. */
    private int searched;

    Stepper(StopRule rule, Tokenizer tokenizer, int promptLength) {
        if (promptLength < 0) throw new IllegalArgumentException("negative prompt length " + promptLength);
        this.rule = rule;
        this.tokenizer = tokenizer;
        this.promptLength = promptLength;
        this.longestStop = rule.stopStrings().stream().mapToInt(String::length).max().orElse(0);
        this.ids = new int[16];
        if (rule.maxNewTokens() == 0) stop = Generation.Stop.MAX_NEW_TOKENS;
        else if (promptLength >= rule.contextLength()) stop = Generation.Stop.CONTEXT_LENGTH;
    }

    private Stepper(Stepper s) {
        rule = s.rule;
        tokenizer = s.tokenizer;
        promptLength = s.promptLength;
        longestStop = s.longestStop;
        ids = s.ids.clone();
        size = s.size;
        generated = s.generated;
        stop = s.stop;
        text = s.text;
        stale = s.stale;
        searched = s.searched;
    }

    /** An independent copy, for a sequence that branches (a beam with several children). */
    public Stepper copy() {
        return new Stepper(this);
    }

    /**
     * Records generated token {@code id}; returns why generation stops here, or null to go on. The stopping token is
     * kept in {@link #ids()} (and must not be fed to the model).
     */
    public Generation.Stop add(int id) {
        if (stop != null) throw new IllegalStateException("generation already stopped: " + stop);
        push(id);
        generated++;
        if (rule.isEos(id)) return stop = Generation.Stop.EOS;
        if (longestStop > 0 && cutAtStopString()) return stop = Generation.Stop.STOP_STRING;
        if (generated >= rule.maxNewTokens()) return stop = Generation.Stop.MAX_NEW_TOKENS;
        if (promptLength + size >= rule.contextLength()) return stop = Generation.Stop.CONTEXT_LENGTH;
        return null;
    }

    /**
     * Replaces the last token by {@code prefilled} tokens the model did not generate (a tool's answer, written into
     * the sequence): they join the ids, the text and the context but not the token budget, and no stop string is
     * looked for inside them. Returns {@link Generation.Stop#CONTEXT_LENGTH} when the sequence then fills the
     * context (if they would overflow it nothing is replaced), else null.
     */
    public Generation.Stop replaceLast(int[] prefilled) {
        if (stop != null || size == 0) throw new IllegalStateException("no running token to replace");
        long length = (long) promptLength + size - 1 + prefilled.length;
        if (length > rule.contextLength()) return stop = Generation.Stop.CONTEXT_LENGTH;
        size--;
        for (int id : prefilled) push(id);
        stale = true;
        searched = settledCharacters(text());
        return length == rule.contextLength() ? (stop = Generation.Stop.CONTEXT_LENGTH) : null;
    }

    /** Why generation stopped, or null while it runs; a zero budget or a full context stop it before any token. */
    public Generation.Stop stop() {
        return stop;
    }

    /** The new tokens, EOS included when generation ended there. */
    public int[] ids() {
        return Arrays.copyOf(ids, size);
    }

    /** Tokens generated so far (fed to {@link #add}), toward the budget. */
    public int generated() {
        return generated;
    }

    /** Tokens that may still be generated before the budget or the context runs out. */
    public int room() {
        if (stop != null) return 0;
        return Math.min(rule.maxNewTokens() - generated, rule.contextLength() - promptLength - size);
    }

    /** The text of the new tokens: EOS left out, cut before a stop string; null without a tokenizer. */
    public String text() {
        if (tokenizer == null) return null;
        if (stale) {
            int n = stop == Generation.Stop.EOS ? size - 1 : size;
            text = tokenizer.decode(Arrays.copyOf(ids, n));
            stale = false;
        }
        return text;
    }

    /**
     * How many leading characters of {@link #text()} are final: all of it once generation stopped; otherwise the
     * text before a trailing unfinished UTF-8 character and before the longest suffix that begins a stop string.
     */
    public int settled() {
        String t = text();
        if (stop != null) return t.length();
        int safe = settledCharacters(t);
        return safe - heldForStops(t.substring(0, safe));
    }

    private void push(int id) {
        if (size == ids.length) ids = Arrays.copyOf(ids, 2 * size);
        ids[size++] = id;
        stale = true;
    }

    /** Whether a stop string newly appeared in the text; if so the text is cut before the earliest one. */
    private boolean cutAtStopString() {
        String t = text();
        int from = Math.max(0, searched - longestStop + 1);
        int at = -1;
        for (String s : rule.stopStrings()) {
            int i = t.indexOf(s, from);
            if (i >= 0 && (at < 0 || i < at)) at = i;
        }
        searched = settledCharacters(t);
        if (at < 0) return false;
        text = t.substring(0, at);
        return true;
    }

    /** Length of {@code t} without its trailing U+FFFD: the end of a character whose bytes have not all arrived. */
    private static int settledCharacters(String t) {
        int n = t.length();
        while (n > 0 && t.charAt(n - 1) == '\uFFFD') n--;
        return n;
    }

    /** Length of the longest suffix of {@code s} that is a proper prefix of a stop string. */
    private int heldForStops(String s) {
        int held = 0;
        for (String stopString : rule.stopStrings()) {
            for (int k = Math.min(stopString.length() - 1, s.length()); k > held; k--) {
                if (s.regionMatches(s.length() - k, stopString, 0, k)) {
                    held = k;
                    break;
                }
            }
        }
        return held;
    }
}
