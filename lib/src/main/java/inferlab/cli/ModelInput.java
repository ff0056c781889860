package inferlab.cli;

import inferlab.model.LanguageModel;
import inferlab.model.Models;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.serve.OpenAiClient;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every model command shares: {@code --model DIR|ORG/NAME} and the prompt {@code --ids} or {@code --text}. */
final class ModelInput {
    @Option(names = "--model", paramLabel = "DIR|ORG/NAME", description = "model directory or cached hub name")
    String model;

    @Option(names = "--ids", split = ",", paramLabel = "1,2,3", description = "prompt token ids")
    int[] ids;

    @Option(names = "--text", paramLabel = "TEXT", description = "prompt text, with the tokenizer's special tokens (needs the model's tokenizer.json)")
    String text;

    /** {@code --model} (a directory or a cached hub name), else the course's default model. */
    Transformer model() {
        return model == null ? Models.defaultModel() : Models.load(model);
    }

    /**
     * {@code --endpoint URL}: an OpenAI-compatible server (vLLM, llama.cpp, TGI, SGLang, {@code inferlab serve}),
     * asked for {@code servedModel}, or for the first model it lists when that is null. The server is asked for its
     * models first, so that an unreachable server or a model it does not serve fails here, not in every request.
     */
    static OpenAiClient endpoint(String url, String servedModel) {
        List<String> listed = OpenAiClient.servedModels(url);
        String name = servedModel != null ? servedModel : listed.isEmpty() ? null : listed.get(0);
        if (name == null || !listed.contains(name)) {
            throw new IllegalArgumentException("the server at " + url + " does not serve " + (name == null ? "any model"
                    : "'" + name + "' (it lists " + (listed.isEmpty() ? "none" : String.join(", ", listed)) + ")"));
        }
        return new OpenAiClient(url, name, "OPENAI_API_KEY", Duration.ofSeconds(120), 3);
    }

    /**
     * The prompt ids, {@code --ids 1,2,3} or {@code --text "..."} encoded with the model's tokenizer, checked
     * against the vocabulary and, with {@code newTokens} more to come, against the model's context: a request that
     * cannot fit fails here, before the model does any work.
     */
    int[] prompt(Transformer model, int newTokens) {
        int[] prompt;
        if (text != null) {
            if (ids != null) throw new IllegalArgumentException("give either --ids or --text, not both");
            Tokenizer tok = model.tokenizer().orElseThrow(() ->
                    new IllegalArgumentException("--text needs a tokenizer.json in the model directory; use --ids"));
            prompt = tok.encodePrompt(text); // as transformers' tokenizer(text): a Llama tokenizer's BOS included
        } else if (ids != null) {
            prompt = ids;
        } else {
            throw new IllegalArgumentException("missing prompt: give --ids 1,2,3 or --text \"...\"");
        }
        if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
        for (int id : prompt) {
            if (id < 0 || id >= model.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, "
                        + model.vocabSize() + ")");
            }
        }
        Limits.context(prompt.length, newTokens, model.config().maxPositions());
        return prompt;
    }
}
