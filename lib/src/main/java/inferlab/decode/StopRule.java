package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * When generation ends: the one stopping rule every generation loop of the library applies (the single-sequence
 * {@link Generation}, the batched loops of the completer and the serving engine, beam search, speculative decoding),
 * through a {@link Stepper} fed each new token.
 *
 * <p>Generation stops, with the first reason that holds after a token:
 * <ol>
 * <li>{@link Generation.Stop#EOS}: the token is one of the end-of-sequence tokens {@code eosTokenIds};</li>
 * <li>{@link Generation.Stop#STOP_STRING}: the text of the new tokens contains one of {@code stopStrings};</li>
 * <li>{@link Generation.Stop#MAX_NEW_TOKENS}: {@code maxNewTokens} tokens have been generated;</li>
 * <li>{@link Generation.Stop#CONTEXT_LENGTH}: prompt and new tokens fill {@code contextLength} positions
 * (Hugging Face's {@code max_length}: the whole sequence is at most this long).</li>
 * </ol>
 *
 * <p><b>The end-of-sequence convention</b> (Hugging Face's): the EOS token is a generated token like any other. It is
 * kept in the ids, has a log-probability, and counts toward {@code maxNewTokens} and the usage report; it is never
 * part of the text, which is decoded from the ids before it (as {@code decode(..., skip_special_tokens=True)}).
 * The text is cut before the earliest stop string (as OpenAI's {@code stop}: the stop string is not returned), while
 * the ids keep the token that completed it. {@link Stepper#text()} is that text, so no caller strips EOS or stop
 * strings itself.
 *
 * @param eosTokenIds   the end-of-sequence tokens (a chat model's end of turn among them), possibly none; -1 is none
 * @param stopStrings   non-empty strings that end generation; they need a tokenizer to be seen
 * @param maxNewTokens  the token budget, at least 0
 * @param contextLength the longest sequence, prompt included ({@link LanguageModel#contextLength()})
 */
public record StopRule(int[] eosTokenIds, List<String> stopStrings, int maxNewTokens, int contextLength) {

    public StopRule {
        eosTokenIds = Arrays.stream(eosTokenIds).filter(id -> id >= 0).toArray(); // -1 is "none"
        if (maxNewTokens < 0) throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
        if (contextLength < 1) throw new IllegalArgumentException("context length must be >= 1, got " + contextLength);
        stopStrings = List.copyOf(stopStrings);
        if (stopStrings.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("empty stop string");
    }

    /** A rule with one end-of-sequence token, or none for -1. */
    public StopRule(int eosTokenId, List<String> stopStrings, int maxNewTokens, int contextLength) {
        this(new int[] {eosTokenId}, stopStrings, maxNewTokens, contextLength);
    }

    /** {@code model}'s end tokens and context length, a budget of {@code maxNewTokens}, no stop strings. */
    public static StopRule of(LanguageModel model, int maxNewTokens) {
        return new StopRule(model.eosTokenIds(), List.of(), maxNewTokens, model.contextLength());
    }

    /** The first end-of-sequence token, or -1 for none. */
    public int eosTokenId() {
        return eosTokenIds.length == 0 ? -1 : eosTokenIds[0];
    }

    public boolean isEos(int id) {
        for (int e : eosTokenIds) if (e == id) return true;
        return false;
    }

    public StopRule withStopStrings(List<String> stops) {
        return new StopRule(eosTokenIds, stops, maxNewTokens, contextLength);
    }

    public StopRule withMaxNewTokens(int n) {
        return new StopRule(eosTokenIds, stopStrings, n, contextLength);
    }

    /** This rule within a context of at most {@code positions} (the smaller of the two). */
    public StopRule within(int positions) {
        return new StopRule(eosTokenIds, stopStrings, maxNewTokens, Math.min(contextLength, positions));
    }

    /**
     * A stepper for one sequence after a prompt of {@code promptLength} tokens; {@code tokenizer} decodes the text
     * and may be null when there are no stop strings (the text is then null).
     */
    public Stepper start(Tokenizer tokenizer, int promptLength) {
        if (!stopStrings.isEmpty() && tokenizer == null) throw new IllegalArgumentException("stop strings need a tokenizer");
        return new Stepper(this, tokenizer, promptLength);
    }

    /**
     * A stepper fed {@code ids}, a sequence produced whole (a beam hypothesis), up to where this rule stops it: its
     * text and stop reason under the same convention as a sequence generated step by step.
     */
    public Stepper replay(Tokenizer tokenizer, int promptLength, int[] ids) {
        Stepper stepper = start(tokenizer, promptLength);
        for (int i = 0; i < ids.length && stepper.stop() == null; i++) stepper.add(ids[i]);
        return stepper;
    }
}
