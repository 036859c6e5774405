"""The live voice session: wiring, the runtime loop, echo handling and the screen panel."""
