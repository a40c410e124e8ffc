"""The weights evaluate.py knows by name: the shipped modes and the runs and ablations of
models/README.md, and which pairs of them are ablations."""

# name -> (weights file under models/, shipped mode id or None). Stage 1 is the first recipe (from the
# warm-up, style weight 10); stage 2 the shipped one (see models/README.md). Each ablation pair is two
# runs from the same start at equal iterations.
MODELS = {
    'artistic': ('artistic/weights.pt', 'artistic'),
    'artistic-soft': ('artistic-soft/weights.pt', 'artistic-soft'),
    'photorealistic': ('photorealistic/weights.pt', 'photorealistic'),
    # The stage-2 modes shipped before the guided filter and the consistency fine-tune (their resume
    # checkpoints hold the same weights).
    'stage2-shipped-artistic': ('training/checkpoints/artistic.pt', None),
    'stage2-shipped-artistic-soft': ('training/checkpoints/artistic-soft.pt', None),
    'stage2-shipped-photorealistic': ('training/checkpoints/photorealistic.pt', None),
    # Stage 3a: the consistency term alone, 300 iterations from stage-2 artistic (before the grid term).
    'stage3a-consistency-only': ('training/checkpoints/artistic-stage3a-300.pt', None),
    # Stage 3: blur-pool, consistency 1000 and grid terms (the candidate not shipped as artistic), and its
    # soft and photorealistic variants (the same network with the guided filter of stage3-<mode>.json).
    'stage3-artistic': ('training/checkpoints/artistic-stage3.pt', None),
    'stage3-artistic-soft': ('training/ablation/stage3-artistic-soft.pt', None),
    'stage3-photorealistic': ('training/ablation/stage3-photorealistic.pt', None),
    # The consistency weight at equal iterations (700 from stage-2 artistic, no blur-pool, grid term on).
    'stage3b-consistency-300': ('training/checkpoints/artistic-stage3b.pt', None),
    'stage3c-consistency-1000': ('training/ablation/stage3c-consistency-1000.pt', None),
    # Photorealistic before its steadier 300 iterations (consistency 4000).
    'photorealistic-stage3b-600': ('training/checkpoints/photorealistic-stage3b.pt', None),
    # The photorealistic recipe on the stage-3 network (blur-pool) instead of 3b: less flicker, slower.
    'photorealistic-from-stage3': ('training/ablation/photorealistic-from-stage3.pt', None),
    # The photorealistic colour term at equal iterations (300 from stage 3b, guided filter in the loop).
    'photorealistic-colour-on-300': ('training/ablation/photorealistic-colour-on-300.pt', None),
    'photorealistic-colour-off-300': ('training/ablation/photorealistic-colour-off-300.pt', None),
    # Third session (measured, not shipped): 3b with style weight 60 (500 iterations), the soft losses on
    # the 3b network (500), photorealistic steadier with a stronger colour term (400 from the shipped one).
    'stage3d-artistic-style-60': ('training/ablation/artistic-stage3d.pt', None),
    'stage3b-artistic-soft': ('training/ablation/artistic-soft-stage3b.pt', None),
    'photorealistic-steady-colour': ('training/ablation/photorealistic-steady-colour.pt', None),
    'stage2-ccpl-on': ('training/ablation/stage2-ccpl-on.pt', None),
    'stage2-ccpl-off': ('training/ablation/stage2-ccpl-off.pt', None),
    'stage2-artistic-at-soft-budget': ('training/ablation/stage2-artistic-at-soft-budget.pt', None),
    'stage2-artistic-soft': ('training/ablation/stage2-artistic-soft-1200.pt', None),
    'stage1-artistic': ('training/checkpoints/artistic-stage1.pt', None),
    'stage1-artistic-soft': ('training/ablation/stage1-artistic-soft-1500.pt', None),
    'stage1-photorealistic': ('training/checkpoints/photorealistic-stage1.pt', None),
    'stage1-ccpl-on': ('training/ablation/stage1-ccpl-on.pt', None),
    'stage1-ccpl-off': ('training/ablation/stage1-ccpl-off.pt', None),
    'stage1-artistic-at-soft-budget': ('training/ablation/stage1-artistic-at-soft-budget.pt', None),
}
# (stage, lambda_ccp of its CCPL run): results_markdown reports both ablations of each stage.
ABLATION_STAGES = [('stage2', 1), ('stage1', 2)]
# Issue-10 ablations: (what differs, the run with it, the run without it or with less of it).
TERM_ABLATIONS = [
    ('consistency weight 300 vs 1000, 700 iterations each from stage-2 artistic', 'stage3b-consistency-300',
     'stage3c-consistency-1000'),
    ('photorealistic colour term 300 vs 0, 300 iterations each from stage 3b', 'photorealistic-colour-on-300',
     'photorealistic-colour-off-300'),
]
