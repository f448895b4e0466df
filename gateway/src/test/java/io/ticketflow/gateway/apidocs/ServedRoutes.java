package io.ticketflow.gateway.apidocs;

import io.ticketflow.gateway.GatewayApplication;
import io.ticketflow.gateway.routing.OwningService;
import io.ticketflow.gateway.routing.RouteTable;
import io.ticketflow.gateway.routing.RoutingConfiguration;
import io.ticketflow.platform.config.PlatformDefaults;
import org.mockito.Mockito;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every method and path the gateway answers, read from the code rather than copied: the gateway's own router
 * functions, the service controllers the route table forwards to, and the actuator endpoints it exposes.
 */
final class ServedRoutes {

    /** One route and who serves it, for failure messages. */
    record Route(String method, String path, String servedBy) {

        /** Path variables compared by position, not by name: {@code /a/{id}} and {@code /a/{x}} are one route. */
        String key() {
            return method + " " + path.replaceAll("\\{[^}]*}", "{}");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The package of each service's controllers; a new service needs a line here and a test dependency. */
    static final Map<OwningService, String> SERVICE_PACKAGES = new EnumMap<>(Map.of(
            OwningService.TICKETS, "io.ticketflow.ticket",
            OwningService.FLOWS, "io.ticketflow.flow",
            OwningService.VARIABLES, "io.ticketflow.variable",
            OwningService.NOTIFICATIONS, "io.ticketflow.notification"));

    private static final List<String> ALL_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final String GATEWAY_PACKAGE = ClassUtils.getPackageName(GatewayApplication.class);
    /** The one router function whose routes are not visible to a visitor: they are the route table's. */
    private static final String PROXY_ROUTER = RoutingConfiguration.class.getName() + "#proxyRouter";

    private ServedRoutes() {
    }

    /** Everything the gateway answers; {@code problems} collects what makes the code itself inconsistent. */
    static List<Route> all(List<String> problems) {
        List<Route> routes = new ArrayList<>(gatewayRoutes(problems));
        routes.addAll(forwardedRoutes(problems));
        routes.addAll(actuatorRoutes());
        return routes;
    }

    // ------------------------------------------------------------------ the gateway's own router functions

    static List<Route> gatewayRoutes(List<String> problems) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> configuration : classesAnnotated(GATEWAY_PACKAGE, Configuration.class)) {
            if (isTestCode(configuration)) {
                continue;
            }
            for (Method method : configuration.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Bean.class)
                        && RouterFunction.class.isAssignableFrom(method.getReturnType())) {
                    String servedBy = "gateway " + configuration.getSimpleName() + "#" + method.getName();
                    String name = configuration.getName() + "#" + method.getName();
                    visit(routerFunction(configuration, method), servedBy, routes,
                            opaque -> {
                                if (!name.equals(PROXY_ROUTER)) {
                                    problems.add(servedBy + " returns a router function whose routes cannot be "
                                            + "read: build it with RouterFunctions.route() so the API documents "
                                            + "can be checked against it");
                                }
                            });
                }
            }
        }
        return routes;
    }

    /** Builds the bean as Spring would, with mocks for its collaborators: only its routes are looked at. */
    private static RouterFunction<?> routerFunction(Class<?> configuration, Method method) {
        try {
            Constructor<?> constructor = configuration.getDeclaredConstructors()[0];
            constructor.setAccessible(true);
            Object instance = constructor.newInstance(mocks(constructor.getParameterTypes()));
            Object[] arguments = mocks(method.getParameterTypes());
            method.setAccessible(true);
            return (RouterFunction<?>) method.invoke(instance, arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build " + configuration.getName() + "#" + method.getName(), e);
        }
    }

    private static Object[] mocks(Class<?>[] types) {
        return Arrays.stream(types).map(Mockito::mock).toArray();
    }

    private static void visit(RouterFunction<?> router, String servedBy, List<Route> routes,
                              Consumer<RouterFunction<?>> opaque) {
        Deque<String> prefixes = new ArrayDeque<>();
        router.accept(new RouterFunctions.Visitor() {
            @Override
            public void startNested(RequestPredicate predicate) {
                Predicates nested = Predicates.of(predicate);
                prefixes.push(currentPrefix() + (nested.paths.isEmpty() ? "" : nested.paths.get(0)));
            }

            @Override
            public void endNested(RequestPredicate predicate) {
                prefixes.pop();
            }

            @Override
            public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
                Predicates route = Predicates.of(predicate);
                List<String> methods = route.methods.isEmpty() ? ALL_METHODS : route.methods;
                List<String> paths = route.paths.isEmpty() ? List.of("") : route.paths;
                for (String method : methods) {
                    for (String path : paths) {
                        routes.add(new Route(method, currentPrefix() + path, servedBy));
                    }
                }
            }

            @Override
            public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
                opaque.accept(router);
            }

            @Override
            public void attributes(Map<String, Object> attributes) {
            }

            @Override
            public void unknown(RouterFunction<?> routerFunction) {
                opaque.accept(routerFunction);
            }

            private String currentPrefix() {
                return prefixes.isEmpty() ? "" : prefixes.peek();
            }
        });
    }

    /** The methods and path patterns a request predicate asks for. */
    private static final class Predicates implements RequestPredicates.Visitor {

        final List<String> methods = new ArrayList<>();
        final List<String> paths = new ArrayList<>();

        static Predicates of(RequestPredicate predicate) {
            Predicates collected = new Predicates();
            predicate.accept(collected);
            return collected;
        }

        @Override
        public void method(Set<HttpMethod> set) {
            set.forEach(m -> methods.add(m.name()));
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }

    // ------------------------------------------------------------------ what the route table forwards

    /**
     * The service controllers' mappings that {@link RouteTable} forwards to their service. A route table line that
     * forwards to nothing, or to another service than the controller's, is a problem of the code itself.
     */
    static List<Route> forwardedRoutes(List<String> problems) {
        List<Route> routes = new ArrayList<>();
        List<Route> mapped = new ArrayList<>();
        for (OwningService service : OwningService.values()) {
            String servicePackage = SERVICE_PACKAGES.get(service);
            if (servicePackage == null) {
                problems.add("OwningService." + service + " has no package in ServedRoutes.SERVICE_PACKAGES: add "
                        + "it there, and the service's module as a test dependency of gateway/pom.xml");
                continue;
            }
            List<Route> controllers = controllerRoutes(servicePackage);
            if (controllers.isEmpty()) {
                problems.add("No controller of " + service + " (package " + servicePackage + ") is on the "
                        + "gateway's test classpath: add the service's module as a test dependency of gateway/pom.xml");
            }
            mapped.addAll(controllers);
            for (Route route : controllers) {
                Optional<RouteTable.Match> match = RouteTable.resolve(HttpMethod.valueOf(route.method()),
                        sample(route.path()));
                if (match.isEmpty()) {
                    continue; // internal to the service (e.g. the gateway's own uploads), or answered by the gateway
                }
                if (match.get().service() != service) {
                    problems.add("RouteTable forwards " + route + " to " + match.get().service() + ", but it is "
                            + route.servedBy());
                } else {
                    routes.add(new Route(route.method(), route.path(),
                            route.servedBy() + ", forwarded by RouteTable"));
                }
            }
        }
        for (RouteTable.Route line : RouteTable.routes()) {
            if (line.service() == null) {
                continue;
            }
            boolean reachesAController = mapped.stream().anyMatch(route ->
                    (line.method() == null || line.method().name().equals(route.method()))
                            && RouteTable.resolve(HttpMethod.valueOf(route.method()), sample(route.path()))
                            .map(match -> match.service() == line.service()).orElse(false)
                            && matches(line.pattern(), route.path()));
            if (!reachesAController) {
                problems.add("RouteTable line " + (line.method() == null ? "ANY" : line.method().name()) + " "
                        + line.pattern() + " forwards to " + line.service() + ", where no controller maps it");
            }
        }
        return routes;
    }

    private static boolean matches(String pattern, String path) {
        return PathPatternParser.defaultInstance.parse(pattern).matches(PathContainer.parsePath(sample(path)));
    }

    private static List<Route> controllerRoutes(String servicePackage) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> controller : classesAnnotated(servicePackage, Controller.class)) {
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            List<String> prefixes = base == null || base.path().length == 0 ? List.of("") : List.of(base.path());
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                List<String> paths = mapping.path().length == 0 ? List.of("") : List.of(mapping.path());
                List<String> methods = mapping.method().length == 0 ? ALL_METHODS
                        : Arrays.stream(mapping.method()).map(RequestMethod::name).toList();
                String module = servicePackage.substring(servicePackage.lastIndexOf('.') + 1) + "-service";
                String servedBy = module + " " + controller.getSimpleName() + "#" + method.getName();
                for (String prefix : prefixes) {
                    for (String path : paths) {
                        for (String httpMethod : methods) {
                            routes.add(new Route(httpMethod, prefix + path, servedBy));
                        }
                    }
                }
            }
        }
        return routes;
    }

    /** A concrete path the pattern matches, for asking the route table where it goes. */
    static String sample(String pattern) {
        return pattern.replaceAll("\\{\\*?[^}]*}", "x1");
    }

    // ------------------------------------------------------------------ actuator

    /** {@code GET /actuator/<id>} for each endpoint the gateway's settings expose on the web. */
    static List<Route> actuatorRoutes() {
        StandardEnvironment environment = new StandardEnvironment();
        try {
            Resource settings = new ClassPathResource(GatewayApplication.CONFIG_NAME + ".yml");
            new YamlPropertySourceLoader().load("gateway", settings)
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());
        String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        String exposed = environment.getProperty("management.endpoints.web.exposure.include", "health");
        return Arrays.stream(exposed.split(","))
                .map(String::trim)
                .map(id -> new Route("GET", basePath + "/" + id.toLowerCase(Locale.ROOT),
                        "actuator (management.endpoints.web.exposure.include)"))
                .toList();
    }

    // ------------------------------------------------------------------

    /** The tests' own configurations are on the classpath too; they serve nothing. */
    private static boolean isTestCode(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().getPath().contains("/test-classes/");
    }

    private static List<Class<?>> classesAnnotated(String basePackage, Class<? extends Annotation> annotation) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(annotation));
        List<Class<?>> classes = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
            try {
                classes.add(ClassUtils.forName(candidate.getBeanClassName(), ServedRoutes.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return classes;
    }
}
