import type { QuizQuestion } from "../quiz";

export const imageToImageTranslationQuiz: QuizQuestion[] = [
  {
    id: "l1-median",
    kind: "numeric",
    prompt:
      "For one input image, a particular pixel of the target is 0.9 in 30 % of the plausible outputs, 0.6 in 30 % and 0 in 40 %. Which value of that pixel minimises the expected L1 loss?",
    answer: 0.6,
    tolerance: 0.01,
    explanation:
      "The expected absolute error is minimised by the median. Sorting the values, the cumulative probability is 0.4 at 0 and 0.7 at 0.6, so the median is 0.6. Squared error would give the mean, 0.3·0.9 + 0.3·0.6 = 0.45. Chosen pixel by pixel, medians or means rarely form any one plausible image — hence blur or missing detail.",
  },
  {
    id: "cycle-loss",
    kind: "numeric",
    prompt:
      "A CycleGAN on 4-pixel images: x = (1, 0, 0, 1) with F(G(x)) = (0.9, 0.2, 0, 1), and y = (0, 1, 1, 0) with G(F(y)) = (0, 0.6, 1, 0.1). Taking ‖·‖₁ as the sum of absolute differences and λ = 10, what is λ · L_cyc for this pair of examples?",
    answer: 8,
    tolerance: 0.01,
    explanation:
      "‖F(G(x)) − x‖₁ = 0.1 + 0.2 + 0 + 0 = 0.3 and ‖G(F(y)) − y‖₁ = 0 + 0.4 + 0 + 0.1 = 0.5, so L_cyc = 0.8 and λ · L_cyc = 8. (Implementations usually average over pixels instead of summing, which only rescales λ.)",
  },
  {
    id: "conditional-discriminator",
    kind: "choice",
    prompt: "Why does the pix2pix discriminator receive the input image x together with the output?",
    choices: [
      "So that it can compute the L1 loss itself",
      "Because a PatchGAN cannot judge an image on its own",
      "To give the generator a source of noise",
      "So that a realistic output that does not fit its input is penalised",
    ],
    answer: 3,
    explanation:
      "A discriminator that sees only the output checks realism, not correspondence: the generator could draw a convincing image unrelated to its input, and on one of Isola et al.'s tasks an unconditional discriminator let it produce nearly the same output for every input. Judging the pair (x, y) is what makes it a conditional GAN.",
  },
  {
    id: "patchgan",
    kind: "choice",
    prompt: "What does a 70 × 70 PatchGAN discriminator output for a 256 × 256 image?",
    choices: [
      "One real-or-fake probability computed from the whole image at once",
      "A 70 × 70 image that the generator's output must match",
      "A grid of real-or-fake scores, one per overlapping 70 × 70 patch, which are averaged",
      "A real-or-fake score for each pixel, independent of its neighbours",
    ],
    answer: 2,
    explanation:
      "The PatchGAN is fully convolutional: each output unit sees a 70 × 70 receptive field and judges that patch; the scores are averaged. It models only local structure (pixels further apart than a patch are treated as independent), which is what the L1 term leaves undone, and it has fewer parameters than a whole-image discriminator.",
  },
  {
    id: "why-cycle",
    kind: "choice",
    prompt: "Suppose CycleGAN's G: X → Y were trained with the adversarial loss of D_Y alone. What could go wrong even if D_Y were perfectly fooled?",
    choices: [
      "G(x) could be a realistic image of domain Y unrelated to x, since only the distribution of outputs is checked",
      "G would be forced to become the identity map",
      "D_Y's loss would become negative",
      "G could only reproduce images from Y's training set",
    ],
    answer: 0,
    explanation:
      "The adversarial loss asks that G(X) be distributed like Y. Any mapping that achieves this — including one that pairs inputs with outputs arbitrarily — is optimal. Cycle consistency, F(G(x)) ≈ x, makes G keep what is needed to recover x, which ties each output to its input.",
  },
  {
    id: "steganography",
    kind: "choice",
    prompt:
      "Chu et al. translated aerial photographs to maps and back with CycleGAN, and the reconstructed photographs showed details absent from the maps. How did F recover them?",
    choices: [
      "F memorised the training photographs and retrieved the nearest one",
      "G hid the details in a faint, high-frequency signal in the map, which F decoded",
      "The identity loss copied the photograph through unchanged",
      "The discriminator D_X passed the original photograph on to F",
    ],
    answer: 1,
    explanation:
      "Cycle consistency rewards exact reconstruction, and a map cannot hold a photograph's details visibly, so G encodes them invisibly — steganography. The loss is met by a hidden code rather than a meaningful correspondence, and small crafted changes to the map can then change F's output drastically.",
  },
];
