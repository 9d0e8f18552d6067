"""nbgrader's ``Execute``, except that a kernel that dies does not stop the grading.

Plain nbgrader gives up on a whole submission when its kernel dies (``exit()``, ``os._exit``, a
crash, the sandbox's memory limit): no score at all. ``SafeExecute`` records the death as an error
in the cell where it happened and marks every later code cell "not run", so the exercises before
it keep their marks and the ones after it score 0.
"""
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute

DIED = "the kernel stopped during this cell (exit(), a crash or the sandbox's memory limit)"
NOT_RUN = "not run: the kernel stopped at an earlier cell"


def kernel_error(message):
    return new_output("error", ename="KernelDied", evalue=message, traceback=[f"KernelDied: {message}"])


class SafeExecute(Execute):
    """``Execute`` that survives its kernel's death (see the module's docstring)."""

    def preprocess(self, nb, resources=None, km=None):
        self._died = False
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return super().preprocess_cell(cell, resources, index)
        if self._died:
            cell.outputs, cell.execution_count = [kernel_error(NOT_RUN)], None
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._died = True
            cell.outputs.append(kernel_error(DIED))
            return cell, resources
