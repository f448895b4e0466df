package io.ticketflow.platform.egress;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The HTTP client's resolver: every connection's host goes through {@link EgressPolicy#resolve}, addresses included
 * (an IP literal is "resolved" too, so it cannot skip the check), and the client connects only to addresses that
 * passed. The lookup blocks (JDK resolver: hosts file, system DNS), so it runs on Reactor's bounded elastic threads,
 * never on the event loop.
 */
final class EgressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

    private final EgressPolicy policy;

    EgressResolverGroup(EgressPolicy policy) {
        this.policy = policy;
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new Resolver(executor, policy);
    }

    private static final class Resolver extends AbstractAddressResolver<InetSocketAddress> {

        private final EgressPolicy policy;

        Resolver(EventExecutor executor, EgressPolicy policy) {
            super(executor, InetSocketAddress.class);
            this.policy = policy;
        }

        /** Never: an address given as a literal is checked like a resolved name. */
        @Override
        protected boolean doIsResolved(InetSocketAddress address) {
            return false;
        }

        @Override
        protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
            checked(address).subscribe(all -> promise.trySuccess(all.get(0)), promise::tryFailure);
        }

        @Override
        protected void doResolveAll(InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
            checked(address).subscribe(promise::trySuccess, promise::tryFailure);
        }

        private Mono<List<InetSocketAddress>> checked(InetSocketAddress address) {
            String host = address.getHostString();
            int port = address.getPort();
            return Mono.fromCallable(() -> policy.resolve(host, port).stream()
                            .map(resolved -> new InetSocketAddress(resolved, port)).toList())
                    .subscribeOn(Schedulers.boundedElastic());
        }
    }
}
