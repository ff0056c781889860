package inferlab.model;

import java.util.Optional;

/**
 * A model that answers for another's vocabulary, tokenizer, end token, context and settings; a subclass decides
 * how its sessions run.
 */
abstract class ForwardingModel implements LanguageModel {
    final LanguageModel base;

    ForwardingModel(LanguageModel base) {
        this.base = base;
    }

    @Override
    public int vocabSize() {
        return base.vocabSize();
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
        return base.tokenizer();
    }

    @Override
    public int eosTokenId() {
        return base.eosTokenId();
    }

    @Override
    public int[] eosTokenIds() {
        return base.eosTokenIds();
    }

    @Override
    public int contextLength() {
        return base.contextLength();
    }

    @Override
    public GenerationConfig generationConfig() {
        return base.generationConfig();
    }
}
