"""The realistic sample data generator and the `govcost demo` pipeline."""

from govcost.demo.generate import DemoManifest, generate
from govcost.demo.run import DemoResult, run_demo

__all__ = ["DemoManifest", "DemoResult", "generate", "run_demo"]
