package inferlab.system;

import inferlab.decode.StopRule;
import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.model.LanguageModel;
import inferlab.model.Tokenizer;
import inferlab.speculative.Drafter;
import inferlab.speculative.SpeculativeDecoder;
import java.util.List;
import java.util.Random;

/**
 * Greedy decoding through speculative decoding ({@link SpeculativeDecoder} at temperature 0): a drafter
 * proposes up to {@code gamma} tokens, the target checks them in one forward pass, and the text is exactly the
 * target's greedy text, in fewer target steps when drafts are accepted. The request's stop strings, its
 * {@code max_tokens}, the target's EOS and its context end generation by the library's {@link StopRule}.
 * One request at a time.
 */
public final class SpeculativeGreedy implements CompletionModel {
    private final String name;
    private final LanguageModel target;
    private final SpeculativeDecoder decoder;

    public SpeculativeGreedy(String name, LanguageModel target, Drafter drafter, int gamma) {
        this.name = name;
        this.target = target;
        this.decoder = new SpeculativeDecoder(target, drafter, gamma);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Completion complete(CompletionRequest request) {
        Tokenizer tok = target.tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        int[] prompt = tok.encodePrompt(request.prompt());
        if (prompt.length >= target.contextLength()) throw new IllegalArgumentException("prompt fills the model's context");
        StopRule rule = StopRule.of(target, request.maxTokens()).withStopStrings(request.stop());
        SpeculativeDecoder.Result r = decoder.generate(prompt, rule, 0, new Random(0));
        return new Completion(List.of(new Completion.Choice(r.text(), List.of(), List.of(), List.of(), r.stop().finishReason())),
                prompt.length, r.tokens().length);
    }
}
