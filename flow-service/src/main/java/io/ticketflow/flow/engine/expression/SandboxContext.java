package io.ticketflow.flow.engine.expression;

import jakarta.el.CompositeELResolver;
import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.FunctionMapper;
import jakarta.el.ImportHandler;
import jakarta.el.ListELResolver;
import jakarta.el.MapELResolver;
import jakarta.el.MethodNotFoundException;
import jakarta.el.PropertyNotWritableException;
import jakarta.el.VariableMapper;
import java.util.Map;

/**
 * The only world an expression sees: the variables, and read-only access into the maps and lists they hold.
 * There is deliberately no BeanELResolver (no getters, no methods on objects), no StaticFieldELResolver, no
 * import handler (no classes by name), no function mapper and no variable mapper. Not thread-safe: one per
 * evaluation.
 */
final class SandboxContext extends ELContext {

    private static final ELResolver MAPS = new MapELResolver(true);
    private static final ELResolver LISTS = new ListELResolver(true);
    private static final ELResolver NO_CALLS = new NoMethodCalls();

    private final CompositeELResolver resolver = new CompositeELResolver();

    SandboxContext(Map<String, Object> variables) {
        resolver.add(new Variables(variables));
        resolver.add(MAPS);
        resolver.add(LISTS);
        // Last in the chain: without it Expressly answers an unresolved method call with null instead of failing.
        resolver.add(NO_CALLS);
    }

    @Override
    public ELResolver getELResolver() {
        return resolver;
    }

    @Override
    public FunctionMapper getFunctionMapper() {
        return null;
    }

    @Override
    public VariableMapper getVariableMapper() {
        return null;
    }

    @Override
    public ImportHandler getImportHandler() {
        return null;
    }

    /** Top-level identifiers. Always resolves, so a missing variable is null and never falls through to class lookup. */
    private static final class Variables extends ReadOnlyResolver {

        private final Map<String, Object> variables;

        Variables(Map<String, Object> variables) {
            this.variables = variables;
        }

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            if (base != null) {
                return null;
            }
            context.setPropertyResolved(null, property);
            return variables.get(String.valueOf(property));
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            if (base == null) {
                context.setPropertyResolved(null, property);
            }
            return null;
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
            if (base == null) {
                context.setPropertyResolved(null, property);
            }
            return true;
        }
    }

    private static final class NoMethodCalls extends ReadOnlyResolver {

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
            throw new MethodNotFoundException("method calls are not allowed: " + method + "(...)");
        }
    }

    private abstract static class ReadOnlyResolver extends ELResolver {

        @Override
        public Object getValue(ELContext context, Object base, Object property) {
            return null;
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
            return null;
        }

        @Override
        public void setValue(ELContext context, Object base, Object property, Object value) {
            throw new PropertyNotWritableException("expressions cannot assign values");
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
            return true;
        }

        @Override
        public Class<?> getCommonPropertyType(ELContext context, Object base) {
            return null;
        }
    }
}
