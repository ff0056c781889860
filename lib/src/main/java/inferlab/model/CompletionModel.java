package inferlab.model;

/**
 * A model that answers text-completion requests: an in-process {@link LanguageModel} through a decoder, or a
 * remote engine (vLLM, llama.cpp's server, TGI, SGLang, {@code bin/inferlab serve}) over the OpenAI API.
 *
 * <p>Systems and the shared-task harness use only this, so they run unchanged on a remote model. Methods that
 * need the full next-token distribution (beam search, mirostat, speculative decoding) need a
 * {@link LanguageModel} instead.
 */
public interface CompletionModel {

    Completion complete(CompletionRequest request);

    /** A name for tables and logs. */
    String name();
}
