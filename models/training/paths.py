"""Where the training code finds the repository, the shipped models and the data kept outside the
checkout; every module takes its folders from here, so moving a module never changes a path."""
import os

TRAINING_DIR = os.path.dirname(os.path.abspath(__file__))
MODELS_DIR = os.path.dirname(TRAINING_DIR)
REPO_ROOT = os.path.dirname(MODELS_DIR)
# Photos, paintings and the loss network: ../shared/data beside the checkout, read at run time, never copied.
SHARED_DATA = os.path.join(os.path.dirname(REPO_ROOT), 'shared', 'data')
# Run folders of train.py (gitignored).
RUNS_DIR = os.path.join(TRAINING_DIR, 'runs')
