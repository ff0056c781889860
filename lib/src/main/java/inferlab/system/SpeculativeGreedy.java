package inferlab.system;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.model.LanguageModel;
import inferlab.model.Tokenizer;
import inferlab.speculative.Drafter;
import inferlab.speculative.SpeculativeDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Greedy decoding through speculative decoding ({@link SpeculativeDecoder} at temperature 0): a drafter
 * proposes up to {@code gamma} tokens, the target checks them in one forward pass, and the text is exactly the
 * target's greedy text, in fewer target steps when drafts are accepted. The text is cut at the first stop
 * string and at end-of-sequence. One request at a time.
 */
public final class SpeculativeGreedy implements CompletionModel {
    private final String name;
    private final LanguageModel target;
    private final SpeculativeDecoder decoder;
    private final int gamma;

    public SpeculativeGreedy(String name, LanguageModel target, Drafter drafter, int gamma) {
        this.name = name;
        this.target = target;
        this.decoder = new SpeculativeDecoder(target, drafter, gamma);
        this.gamma = gamma;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Completion complete(CompletionRequest request) {
        Tokenizer tok = target.tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        int[] prompt = tok.encode(request.prompt());
        // the last verification step appends up to gamma drafts past the final token
        int room = SharedTaskSystems.contextLength(target) - prompt.length - gamma - 1;
        if (room < 1) throw new IllegalArgumentException("prompt fills the model's context");
        int[] ids = decoder.generate(prompt, Math.min(request.maxTokens(), room), 0, new Random(0)).tokens();
        int generated = ids.length;
        if (ids.length > 0 && ids[ids.length - 1] == target.eosTokenId()) ids = Arrays.copyOf(ids, ids.length - 1);
        String text = tok.decode(ids);
        String finish = generated < request.maxTokens() ? "stop" : "length";
        for (String s : request.stop()) {
            int at = text.indexOf(s);
            if (at >= 0) {
                text = text.substring(0, at);
                finish = "stop";
            }
        }
        return new Completion(List.of(new Completion.Choice(text, List.of(), List.of(), List.of(), finish)),
                prompt.length, generated);
    }
}
