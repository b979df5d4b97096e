"""Grad mode: no_grad, enable_grad, set_grad_enabled, inference_mode (context managers and
decorators, as PyTorch's torch.autograd.grad_mode)."""
import functools
import inspect

from .. import _C

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode"]


class _DecoratorContextManager:
    """A context manager that is also a decorator (for functions and generators)."""

    def __call__(self, func):
        if inspect.isclass(func):
            raise RuntimeError("Cannot decorate classes; it is ambiguous")

        if inspect.isgeneratorfunction(func):
            return self._wrap_generator(func)

        @functools.wraps(func)
        def decorate_context(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)

        return decorate_context

    def _wrap_generator(self, func):
        @functools.wraps(func)
        def generator_context(*args, **kwargs):
            gen = func(*args, **kwargs)
            try:
                with self.clone():
                    response = gen.send(None)
                while True:
                    try:
                        request = yield response
                    except GeneratorExit:
                        with self.clone():
                            gen.close()
                        raise
                    except BaseException:
                        with self.clone():
                            response = gen.throw(*__import__("sys").exc_info())
                    else:
                        with self.clone():
                            response = gen.send(request)
            except StopIteration as e:
                return e.value

        return generator_context

    def clone(self):
        return self.__class__()


class no_grad(_DecoratorContextManager):
    """Disables gradient recording: operations inside record nothing and their results do not
    require grad. Usable as `with ember.no_grad():` and as a decorator."""

    def __init__(self):
        self.prev = False

    def __enter__(self):
        self.prev = _C._VariableFunctions.is_grad_enabled()
        _C._VariableFunctions._set_grad_enabled(False)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._VariableFunctions._set_grad_enabled(self.prev)


class enable_grad(_DecoratorContextManager):
    """Enables gradient recording (inside a no_grad block, for instance)."""

    def __enter__(self):
        self.prev = _C._VariableFunctions.is_grad_enabled()
        _C._VariableFunctions._set_grad_enabled(True)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._VariableFunctions._set_grad_enabled(self.prev)


class set_grad_enabled(_DecoratorContextManager):
    """Sets gradient recording on or off: as a function call (immediately), or as a context
    manager (restored on exit)."""

    def __init__(self, mode):
        self.prev = _C._VariableFunctions.is_grad_enabled()
        _C._VariableFunctions._set_grad_enabled(mode)
        self.mode = mode

    def __enter__(self):
        pass

    def __exit__(self, exc_type, exc_value, traceback):
        _C._VariableFunctions._set_grad_enabled(self.prev)

    def clone(self):
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """ember has no separate inference mode: the same as no_grad (mode=True) or enable_grad."""

    def __init__(self, mode=True):
        self.mode = mode

    def __enter__(self):
        self.prev = _C._VariableFunctions.is_grad_enabled()
        _C._VariableFunctions._set_grad_enabled(not self.mode)

    def __exit__(self, exc_type, exc_value, traceback):
        _C._VariableFunctions._set_grad_enabled(self.prev)

    def clone(self):
        return self.__class__(self.mode)
