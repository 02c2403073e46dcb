"""A flow node viewflow 2.4 documents but does not implement."""

from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.split import SplitActivation


class SplitEachActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        for node, cond, data_source in self.flow_task._branches:
            if cond and not cond(self):
                continue
            if data_source is None:
                self.next_tasks.append((node, None))
            else:
                self.next_tasks.extend((node, item) for item in data_source(self))
        if not self.next_tasks:
            raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")


class SplitEach(flow.Split):
    """A parallel split that starts one task per item of `data_source` (the item becomes `task.data`).

    viewflow 2.4's Split docstring promises `Next(node, data_source=…)`, but its Next() takes no such
    argument and its activation starts each branch once.
    """

    activation_class = SplitEachActivation

    def Next(self, node, case=None, data_source=None):  # noqa: N802 - viewflow's API
        self._activate_next.append((node, case, data_source))
        return self
