"""The DataLoader's helpers: collation, fetching, and the worker processes' loop."""
import atexit
import sys
import traceback

IS_WINDOWS = sys.platform == "win32"

# How often (seconds) a blocked get checks that the other side is still alive.
MP_STATUS_CHECK_INTERVAL = 5.0

# Set at interpreter exit: the workers are then left to exit with the main process.
python_exit_status = False

try:
    import numpy  # noqa: F401
    HAS_NUMPY = True
except ModuleNotFoundError:
    HAS_NUMPY = False


def _set_python_exit_flag():
    global python_exit_status
    python_exit_status = True


atexit.register(_set_python_exit_flag)


class KeyErrorMessage(str):
    """A KeyError's message that prints as itself (KeyError prints its argument's repr)."""

    def __repr__(self):
        return self


class ExceptionWrapper:
    """An exception and its traceback as text, to raise again in another thread or process."""

    def __init__(self, exc_info=None, where="in background"):
        if exc_info is None:
            exc_info = sys.exc_info()
        self.exc_type = exc_info[0]
        self.exc_msg = "".join(traceback.format_exception(*exc_info))
        self.where = where

    def reraise(self):
        """Raises the exception here: 'Caught <type> <where>.' then the original traceback."""
        msg = "Caught {} {}.\nOriginal {}".format(self.exc_type.__name__, self.where,
                                                  self.exc_msg)
        if self.exc_type == KeyError:
            msg = KeyErrorMessage(msg)
        elif getattr(self.exc_type, "message", None):
            raise self.exc_type(message=msg)
        try:
            exception = self.exc_type(msg)
        except TypeError:
            raise RuntimeError(msg) from None
        try:
            raise exception
        finally:
            # No cycle through this frame: the DataLoader iterator its traceback holds is then
            # freed (and its workers told to stop) as soon as the exception is dropped.
            del exception


from . import collate, fetch, worker  # noqa: E402,F401
