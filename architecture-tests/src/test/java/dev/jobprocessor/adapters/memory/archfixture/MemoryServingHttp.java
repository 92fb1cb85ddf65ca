package dev.jobprocessor.adapters.memory.archfixture;

import io.javalin.http.Context;

/** Bad on purpose: an adapter other than HTTP using Javalin. */
public final class MemoryServingHttp {

    public String path(Context ctx) {
        return ctx.path();
    }
}
