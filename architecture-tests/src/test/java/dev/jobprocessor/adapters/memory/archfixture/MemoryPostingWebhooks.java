package dev.jobprocessor.adapters.memory.archfixture;

import org.eclipse.jetty.client.HttpClient;

/** Bad on purpose: an adapter other than the webhook adapter sending HTTP requests out. */
public final class MemoryPostingWebhooks {

    public boolean followsRedirects(HttpClient client) {
        return client.isFollowRedirects();
    }
}
