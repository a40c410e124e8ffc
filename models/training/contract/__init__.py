"""The engine's model contract on the Python side: tensor names (../../contract.json), the two graphs,
the ONNX export and the models.json install."""
