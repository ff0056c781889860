package inferlab.decode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Grammar-constrained decoding: with y the text generated after the prompt and t(v) the text of token v, token v
 * keeps its logit only if y t(v) is still the start of a text the {@link JsonGrammar} admits; once y is a whole
 * admitted value, only the end tokens do. Every other token gets −∞, so the output is valid JSON of the schema
 * unless the token budget runs out first. Tokens without text (special tokens) are allowed only at the end.
 *
 * <p>Each step checks the text so far once per distinct first character, then each token that may start there,
 * except plain-text tokens inside a free string, which always fit: O((C + V')·|y|) character steps for C first
 * characters and V' tokens left to check, where serving engines compile the grammar to an automaton over tokens.
 */
public final class JsonGrammarProcessor implements LogitsProcessor {
    private final JsonGrammar grammar;
    private final int promptLength;
    private final String[] tokenTexts;
    private final int[] endTokens;

    /**
     * @param promptLength tokens of history before the constrained output begins
     * @param tokenTexts   each token id's text, decoded alone
     * @param endTokens    the tokens allowed once the value is whole
     */
    public JsonGrammarProcessor(JsonGrammar grammar, int promptLength, String[] tokenTexts, int[] endTokens) {
        if (endTokens.length == 0) throw new IllegalArgumentException("constrained decoding needs an end token to finish with");
        this.grammar = grammar;
        this.promptLength = promptLength;
        this.tokenTexts = tokenTexts;
        this.endTokens = endTokens.clone();
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        StringBuilder y = new StringBuilder();
        for (int i = promptLength; i < history.length; i++) y.append(text(history[i]));
        String text = y.toString();
        float[] out = new float[logits.length];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        boolean any = false;
        if (grammar.check(text) != JsonGrammar.Status.COMPLETE) {
            // a token whose first character cannot come next is out: one check per character, not per token
            Map<Character, Boolean> firstOk = new HashMap<>();
            // inside a free string (only there can two snowmen follow), any run of plain characters stays inside
            boolean inString = grammar.check(text + "\u2603\u2603") == JsonGrammar.Status.PREFIX;
            for (int v = 0; v < logits.length; v++) {
                String t = text(v);
                if (logits[v] == Float.NEGATIVE_INFINITY || t.isEmpty()) continue;
                boolean first = firstOk.computeIfAbsent(t.charAt(0), c -> grammar.check(text + c) != JsonGrammar.Status.INVALID);
                if (first && (t.length() == 1 || (inString && plain(t)) || grammar.check(text + t) != JsonGrammar.Status.INVALID)) {
                    out[v] = logits[v];
                    any = true;
                }
            }
        }
        if (!any) for (int e : endTokens) if (e < logits.length) out[e] = logits[e]; // whole, or no way on
        return out;
    }

    /** Characters a JSON string takes as they are: no quote, backslash or control character. */
    private static boolean plain(String t) {
        return t.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\');
    }

    private String text(int id) {
        return id < tokenTexts.length ? tokenTexts[id] : "";
    }
}
