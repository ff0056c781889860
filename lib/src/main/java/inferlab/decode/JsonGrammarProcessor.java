package inferlab.decode;

import java.util.Arrays;

/**
 * Grammar-constrained decoding: with y the text generated after the prompt and t(v) the text of token v, token v
 * keeps its logit only if y t(v) is still the start of a text the {@link JsonGrammar} admits; once y is a whole
 * admitted value, only the end tokens do. Every other token gets −∞, so the output is valid JSON of the schema
 * unless the token budget runs out first. Tokens without text (special tokens) are allowed only at the end.
 *
 * <p>Each step checks every token against the text so far: O(V·|y|) character steps, which is what it costs on a
 * small vocabulary without compiling the grammar to an automaton over tokens, as serving engines do.
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
            for (int v = 0; v < logits.length; v++) {
                String t = text(v);
                if (logits[v] == Float.NEGATIVE_INFINITY || t.isEmpty()) continue;
                if (grammar.check(text + t) != JsonGrammar.Status.INVALID) {
                    out[v] = logits[v];
                    any = true;
                }
            }
        }
        if (!any) for (int e : endTokens) if (e < logits.length) out[e] = logits[e]; // whole, or no way on
        return out;
    }

    private String text(int id) {
        return id < tokenTexts.length ? tokenTexts[id] : "";
    }
}
