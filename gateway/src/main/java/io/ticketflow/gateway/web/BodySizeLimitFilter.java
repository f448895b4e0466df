package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.platform.web.ApiException;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One limit for every body, commands and relayed flow writes alike, and a larger one for the bodies that carry
 * files (multipart creates, the OMFLOW endpoint). A declared Content-Length is refused up front; chunked bodies are
 * counted as they stream, so an oversized one fails before it is fully buffered or forwarded.
 * <p>
 * Form and multipart bodies must be read through the request ({@link FormBodies}), not through
 * {@code ServerWebExchange#getFormData/getMultipartData}, which read the undecorated request and so escape the count.
 * <p>
 * The OMFLOW endpoint answers every failure in its own JSON shape, so there the refusal is raised when the handler
 * reads the body rather than here.
 */
@Component
public class BodySizeLimitFilter implements WebFilter, Ordered {

    /** After authentication: an anonymous caller learns nothing about limits. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;
    public static final String OMFLOW_PREFIX = "/omflow/api/";

    /** Oversized bodies up to this size are read (and dropped) before the 413 goes out. */
    static final long DRAINED_AT_MOST = 32L * 1024 * 1024;

    private final long maxBytes;
    private final long maxUploadBytes;

    public BodySizeLimitFilter(LimitProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.maxUploadBytes = properties.maxUploadSize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = limitFor(request);
        boolean omflow = isOmflow(request);
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            if (!omflow) {
                // A refusal sent while the client still writes its body is often lost: the connection closes under
                // it and the client reads no answer at all. A body up to DRAINED_AT_MOST is read and dropped
                // first, so the client gets its 413; a larger one is refused at once.
                return declared <= DRAINED_AT_MOST
                        ? request.getBody().doOnNext(DataBufferUtils::release).then(Mono.error(tooLarge(limit)))
                        : Mono.error(tooLarge(limit));
            }
            ServerHttpRequest refused = new ServerHttpRequestDecorator(request) {
                @Override
                public Flux<DataBuffer> getBody() {
                    return Flux.error(tooLarge(limit));
                }
            };
            return chain.filter(exchange.mutate().request(refused).build());
        }
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> {
                    AtomicLong seen = new AtomicLong();
                    return super.getBody().map(buffer -> {
                        if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                            DataBufferUtils.release(buffer);
                            throw tooLarge(limit);
                        }
                        return buffer;
                    });
                });
            }
        };
        return chain.filter(exchange.mutate().request(limited).build());
    }

    /** Files may come with a multipart create or an OMFLOW call; everything else has the small limit. */
    long limitFor(ServerHttpRequest request) {
        MediaType type = request.getHeaders().getContentType();
        boolean multipart = type != null && MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type);
        if (!multipart || !HttpMethod.POST.equals(request.getMethod())) {
            return maxBytes;
        }
        String path = request.getPath().pathWithinApplication().value();
        return path.equals("/api/v1/tickets") || path.startsWith(OMFLOW_PREFIX) ? maxUploadBytes : maxBytes;
    }

    private static boolean isOmflow(ServerHttpRequest request) {
        return request.getPath().pathWithinApplication().value().startsWith(OMFLOW_PREFIX);
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body exceeds " + limit + " bytes");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
