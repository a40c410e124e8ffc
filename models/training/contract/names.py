"""ONNX tensor names of the engine contract; keep in step with src/engine/inference/modelContract.ts."""

STYLE_INPUT = 'style'
STYLE_STATISTICS = ['style_cov', 'style_mean']
STYLE_ENCODER_OUTPUTS = STYLE_STATISTICS

STYLIZER_INPUTS = ['content', 'alpha', 'style_cov', 'style_mean', 'content_mean', 'content_std',
                   'use_content_stats']
# ONNX names are single assignment, so the statistics the stylizer used cannot reuse the input names.
STYLIZER_OUTPUTS = ['stylized', 'used_content_mean', 'used_content_std']

MANIFEST_VERSION = 1
