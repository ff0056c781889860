package inferlab.cli;

import inferlab.model.LanguageModel;
import inferlab.model.Models;
import inferlab.model.Tokenizer;
import inferlab.serve.OpenAiClient;
import java.time.Duration;

/** The options every model command shares: {@code --model DIR|ORG/NAME} and the prompt {@code --ids} or {@code --text}. */
final class ModelInput {
    private ModelInput() {}

    /** {@code --model} (a directory or a cached hub name), else the course's default model. */
    static LanguageModel model(Options o) {
        String m = o.string("model", null);
        return m == null ? Models.defaultModel() : Models.load(m);
    }

    /**
     * {@code --endpoint URL}: an OpenAI-compatible server (vLLM, llama.cpp, TGI, SGLang, {@code inferlab serve}),
     * asked for {@code servedModel}, or for the first model it lists when that is null.
     */
    static OpenAiClient endpoint(String url, String servedModel) {
        String name = servedModel != null ? servedModel : OpenAiClient.servedModel(url);
        return new OpenAiClient(url, name, "OPENAI_API_KEY", Duration.ofSeconds(120), 3);
    }

    /** The prompt ids: {@code --ids 1,2,3}, or {@code --text "..."} encoded with the model's tokenizer. */
    static int[] prompt(Options o, LanguageModel model) {
        int[] ids;
        if (o.has("text")) {
            if (o.has("ids")) throw new IllegalArgumentException("give either --ids or --text, not both");
            Tokenizer tok = model.tokenizer().orElseThrow(() ->
                    new IllegalArgumentException("--text needs a tokenizer.json in the model directory; use --ids"));
            ids = tok.encode(o.required("text"));
        } else if (o.has("ids")) {
            ids = o.integers("ids");
        } else {
            throw new IllegalArgumentException("missing prompt: give --ids 1,2,3 or --text \"...\"");
        }
        if (ids.length == 0) throw new IllegalArgumentException("empty prompt");
        for (int id : ids) {
            if (id < 0 || id >= model.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, "
                        + model.vocabSize() + ")");
            }
        }
        return ids;
    }
}
