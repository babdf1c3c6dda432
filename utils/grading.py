"""An nbgrader preprocessor for the course's feedback (configured in nbgrader_config.py)."""

from nbgrader.preprocessors import NbGraderPreprocessor


class ShortenTracebacks(NbGraderPreprocessor):
    """Replace each error's traceback by its last line, ``ErrorName: message``.

    A traceback quotes the source of the failing test, and a hidden test's source must not reach
    the student; the message (written by :mod:`utils.checks`) is what explains the failure.
    """

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
        return cell, resources
