// The lessons on the start page: each is a shipped experiment file (app/examples/lessons/, the same
// files `bnlab run` takes) with what it shows, where to look, and the source it follows (science.md).
import bnInputs from '../../../app/examples/lessons/bn-inputs.json';
import higherLearningRate from '../../../app/examples/lessons/higher-learning-rate.json';
import optimizers from '../../../app/examples/lessons/optimizers.json';
import batchSize from '../../../app/examples/lessons/batch-size.json';
import trainVsEval from '../../../app/examples/lessons/train-vs-eval.json';

/** The view a lesson's result is read in. */
export type LessonView = 'compare' | 'replay';

export interface Lesson {
  id: string;
  title: string;
  /** What the experiment does, in two or three sentences. */
  explanation: string;
  /** Where to look once it has trained, and what to see there. */
  lookAt: string[];
  /** The view that opens while it trains. */
  view: LessonView;
  source: string;
  /** The experiment file as shipped: a list of runs, or a design with `base` and `vary` (issue 15's sweep format). */
  experiment: { name: string } & Record<string, unknown>;
}

export const LESSONS: Lesson[] = [
  {
    id: 'bn-inputs',
    title: "What BN does to a layer's inputs",
    explanation:
      'A deep sigmoid network (three hidden layers of 100) learns the bundled 8×8 digits with plain gradient descent, once with batch norm and once without: Ioffe and Szegedy\'s Figure 1 on a smaller data set.',
    lookAt: [
      'Distribution of a layer\'s inputs: choose layer 3. Without BN the band of z (15th to 85th percentile) shifts and widens as the layers below learn; with BN, z̃ stays where γ and β put it.',
      'Loss per epoch: the run with BN reaches a lower validation loss in the same number of steps.',
    ],
    view: 'compare',
    source: 'Ioffe & Szegedy 2015, Figure 1 (MNIST, 3×100 sigmoid, batch 60)',
    experiment: bnInputs,
  },
  {
    id: 'higher-learning-rate',
    title: 'BN allows a higher learning rate',
    explanation:
      'The same deep sigmoid network trained with learning rates 0.1, 0.5 and 3, each with and without BN: six runs from one design (a base run and the factors that vary).',
    lookAt: [
      'Loss per epoch: compare each learning rate with and without BN. Ioffe and Szegedy found the network without BN stalled or diverged at rates BN trained well with.',
      'Gradient norm per layer: how the first layers\' gradients compare with the last ones\', with BN and without (saturating sigmoids shrink them).',
    ],
    view: 'compare',
    source: 'Ioffe & Szegedy 2015, §4.2 (BN-x5, BN-x30); Santurkar et al. 2018',
    experiment: higherLearningRate,
  },
  {
    id: 'optimizers',
    title: 'Optimizers: GD, momentum, RMSprop, Adam, with and without BN',
    explanation:
      'Moons with two hidden ReLU layers of 16, trained by each of the four optimizers of the course at one learning rate (0.01), with and without BN: eight runs, equal in everything else.',
    lookAt: [
      'Loss per epoch: at one learning rate Adam and RMSprop fall fastest and plain GD slowest; see how much BN changes each.',
      'Replay: the decision boundary of GD without BN is still almost a straight line when Adam\'s has bent around the moons.',
    ],
    view: 'compare',
    source: 'deeplearning.ai Course 2, Week 2 (optimization methods) and Week 3',
    experiment: optimizers,
  },
  {
    id: 'batch-size',
    title: "Batch size and BN's noise",
    explanation:
      'Digits with BN at batch sizes 4, 32 and 256 for 20 epochs. BN normalizes with each mini-batch\'s own mean and variance, so a small batch adds noise to every step.',
    lookAt: [
      'Loss per epoch: batch 4 has the noisiest training loss (dashed) and a gap to validation (solid, eval mode); batch 256 is smooth but takes few steps per epoch.',
      'Gradient norm per layer: compare how much the norms jump from epoch to epoch at each batch size.',
    ],
    view: 'compare',
    source: 'deeplearning.ai Course 2, Week 3 ("Why does batch norm work?": a slight regularization effect)',
    experiment: batchSize,
  },
  {
    id: 'train-vs-eval',
    title: 'Train vs eval mode at test time',
    explanation:
      'Moons with BN at batch sizes 4 and 128. In training, BN uses the mini-batch\'s statistics; at test time it uses the running averages (eval mode). With tiny batches the two differ.',
    lookAt: [
      'Replay: switch "BN statistics" between train and eval: for batch 4 the boundary moves, for batch 128 it barely does.',
      'Final metrics: batch 4 has a higher validation loss (eval mode) than its training loss suggests.',
    ],
    view: 'replay',
    source: 'deeplearning.ai Course 2, Week 3 ("Batch norm at test time"); Ioffe & Szegedy 2015, Algorithm 2',
    experiment: trainVsEval,
  },
];
