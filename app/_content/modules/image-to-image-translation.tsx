import { CycleGanDiagram, Pix2PixDiagram } from "@/app/_components/diagrams/adversarial";
import { Tex } from "@/app/_components/Tex";
import type { ModuleContent } from "./index";

/*
 * Module text: image-to-image translation.
 * References: Isola, Zhu, Zhou & Efros 2017, "Image-to-image translation with conditional
 * adversarial networks" (pix2pix: L_cGAN + λ·L1 with λ = 100, noise as dropout, the U-Net
 * generator, the 70×70 PatchGAN); Ronneberger, Fischer & Brox 2015 (U-Net); Zhu, Park, Isola &
 * Efros 2017, "Unpaired image-to-image translation using cycle-consistent adversarial networks"
 * (CycleGAN: G, F, D_X, D_Y, the cycle loss with λ = 10, the identity loss, the limitations);
 * Taigman, Polyak & Wolf 2017 (the identity loss); Chu, Zhmoginov & Sandler 2017, "CycleGAN, a
 * master of steganography"; Almahairi et al. 2018, "Augmented CycleGAN".
 */

function Img2ImgBody() {
  return (
    <div className="prose-genlab">
      <p>
        Many problems in vision take an image and return another: a label map to a photograph, an edge sketch to a shoe, a day scene to night, a grey image to
        colour, an aerial photo to a map. <strong>Image-to-image translation</strong> treats them all as one problem: learn the conditional distribution of the
        output image given the input image. When the training set holds aligned pairs the conditional GAN of the previous module does it almost unchanged; when
        it holds only two unpaired collections, a second constraint is needed.
      </p>

      <h2 id="pix2pix">Paired translation: pix2pix</h2>
      <p>
        In the notation of Isola et al. (2017), which this module follows, <Tex>{String.raw`x`}</Tex> is the input image — now the <em>condition</em> — and{" "}
        <Tex>{String.raw`y`}</Tex> the target image. The generator maps <Tex>{String.raw`x`}</Tex> and noise <Tex>{String.raw`z`}</Tex> to an output{" "}
        <Tex>{String.raw`G(x, z)`}</Tex>; the discriminator sees the input together with an output, real or generated:
      </p>
      <Tex
        display
      >{String.raw`\mathcal{L}_{\text{cGAN}}(G, D) = \mathbb{E}_{x, y}\big[\log D(x, y)\big] + \mathbb{E}_{x, z}\big[\log\big(1 - D(x, G(x, z))\big)\big].`}</Tex>
      <p>Because each input comes with its true output, the generator is also pulled towards it by an L1 loss:</p>
      <Tex
        display
      >{String.raw`\mathcal{L}_{L1}(G) = \mathbb{E}_{x, y, z}\big[\lVert y - G(x, z)\rVert_1\big], \qquad G^* = \arg\min_G \max_D\; \mathcal{L}_{\text{cGAN}}(G, D) + \lambda\, \mathcal{L}_{L1}(G),`}</Tex>
      <p>
        with <Tex>{String.raw`\lambda = 100`}</Tex> in the paper. Two details matter. The discriminator must see the input: with a discriminator that judged
        only the output, the generator was free to draw a realistic image unrelated to its input, and on one of their tasks it produced nearly the same output
        whatever the input. And the noise is nearly useless: a generator given <Tex>{String.raw`z`}</Tex> as an input learnt to ignore it, so pix2pix provides
        noise only as dropout, kept on at test time, and its outputs are close to deterministic. It learns one good answer per input, not the whole conditional
        distribution.
      </p>

      <h2 id="why-l1-blurs">Why L1 alone blurs, and what the discriminator adds</h2>
      <p>
        For one input there are usually several plausible outputs, with distribution <Tex>{String.raw`p(y \mid x)`}</Tex>. A pixel-wise loss is minimised pixel
        by pixel: for a pixel value <Tex>{String.raw`Y`}</Tex>,
      </p>
      <Tex
        display
      >{String.raw`\arg\min_c\ \mathbb{E}\,\lvert Y - c\rvert = \operatorname{median}(Y \mid x), \qquad \arg\min_c\ \mathbb{E}\,(Y - c)^2 = \mathbb{E}[Y \mid x].`}</Tex>
      <p>
        So an L1-trained generator predicts the <em>median</em> of each pixel, an L2-trained one the mean — and a picture made of per-pixel medians or means is
        usually none of the plausible pictures. Suppose the lower end of a stroke may lie at one of three neighbouring positions, with equal probability. Each
        of the three pixels is bright in one case out of three. L2 paints all three at a third of full brightness: a faint, wide smear. L1 paints each at its
        median, 0: the stroke disappears. Where the plausible outputs agree — the overall layout, the low spatial frequencies — both losses are right; where
        they disagree, in edges and textures, both wash the detail out, and that is blur.
      </p>
      <p>
        The adversarial term removes the incentive to average. A smeared or empty region looks unlike any real image, so the discriminator learns to spot it and
        the generator is pushed to commit to <em>one</em> sharp, plausible output. The L1 term keeps that output near the true target on the coarse structure;
        the discriminator takes care of the fine structure. In the experiments of Isola et al., L1 alone gave blurry results, the adversarial loss alone sharp
        results with visible artefacts, and the sum sharp results with fewer artefacts.
      </p>

      <h2 id="architecture">A U-Net generator and a PatchGAN discriminator</h2>
      <Pix2PixDiagram />
      <ul>
        <li>
          <strong>U-Net generator</strong> (Ronneberger et al., 2015). An encoder–decoder squeezes the image through a bottleneck, but input and output share
          most of their low-level structure: the edges of a sketch are the edges of the shoe. Skip connections concatenate the activations of encoder layer{" "}
          <Tex>{String.raw`i`}</Tex> to decoder layer <Tex>{String.raw`n - i`}</Tex>, at the same resolution, so that detail can bypass the bottleneck.
        </li>
        <li>
          <strong>PatchGAN discriminator.</strong> Since L1 already handles the low frequencies, the discriminator only needs to judge local structure. It is a
          fully convolutional network whose output is a grid of scores, each with a receptive field of <Tex>{String.raw`N \times N`}</Tex> pixels, real or fake
          per patch; the scores are averaged. It treats the image as a Markov random field in which pixels further apart than a patch are independent. Isola et
          al. found <Tex>{String.raw`N = 70`}</Tex> on 256 × 256 images a good balance: much smaller patches left artefacts, and a discriminator of the whole
          image, with many more parameters, did no better. Being convolutional, it also runs on images of any size.
        </li>
      </ul>

      <h2 id="cyclegan">Unpaired translation: CycleGAN</h2>
      <CycleGanDiagram />
      <p>
        There is no photograph of the scene Monet painted, yet we have many paintings and many photographs. With two unpaired collections{" "}
        <Tex>{String.raw`X`}</Tex> and <Tex>{String.raw`Y`}</Tex>, Zhu et al. (2017) train two generators, <Tex>{String.raw`G: X \to Y`}</Tex> and{" "}
        <Tex>{String.raw`F: Y \to X`}</Tex>, with two discriminators: <Tex>{String.raw`D_Y`}</Tex> tells real <Tex>{String.raw`y`}</Tex> from{" "}
        <Tex>{String.raw`G(x)`}</Tex>, <Tex>{String.raw`D_X`}</Tex> tells real <Tex>{String.raw`x`}</Tex> from <Tex>{String.raw`F(y)`}</Tex>. Each pair plays an
        ordinary, unconditional GAN:
      </p>
      <Tex
        display
      >{String.raw`\mathcal{L}_{\text{GAN}}(G, D_Y) = \mathbb{E}_{y}\big[\log D_Y(y)\big] + \mathbb{E}_{x}\big[\log\big(1 - D_Y(G(x))\big)\big],`}</Tex>
      <p>
        and likewise <Tex>{String.raw`\mathcal{L}_{\text{GAN}}(F, D_X)`}</Tex>. These losses alone are not enough. They ask only that the <em>distribution</em>{" "}
        of <Tex>{String.raw`G(x)`}</Tex> match that of <Tex>{String.raw`Y`}</Tex>; any mapping that achieves it — including one that shuffles which output goes
        with which input — is equally good, and nothing ties a translated image to its source. The <strong>cycle-consistency loss</strong> does: translating
        there and back should return the original,
      </p>
      <Tex
        display
      >{String.raw`\mathcal{L}_{\text{cyc}}(G, F) = \mathbb{E}_{x}\big[\lVert F(G(x)) - x\rVert_1\big] + \mathbb{E}_{y}\big[\lVert G(F(y)) - y\rVert_1\big],`}</Tex>
      <Tex
        display
      >{String.raw`\mathcal{L} = \mathcal{L}_{\text{GAN}}(G, D_Y) + \mathcal{L}_{\text{GAN}}(F, D_X) + \lambda\, \mathcal{L}_{\text{cyc}}(G, F),`}</Tex>
      <p>
        minimised over <Tex>{String.raw`G, F`}</Tex> and maximised over <Tex>{String.raw`D_X, D_Y`}</Tex>, with <Tex>{String.raw`\lambda = 10`}</Tex>. The paper
        uses the generator of Johnson et al. (residual blocks), 70 × 70 PatchGANs, a least-squares version of the adversarial loss, and a buffer of past
        generated images for the discriminators. Where colours must be preserved, as from paintings to photographs, an <strong>identity loss</strong> (from
        Taigman et al., 2017) asks each generator to leave images already in its target domain unchanged:
      </p>
      <Tex
        display
      >{String.raw`\mathcal{L}_{\text{identity}}(G, F) = \mathbb{E}_{y}\big[\lVert G(y) - y\rVert_1\big] + \mathbb{E}_{x}\big[\lVert F(x) - x\rVert_1\big],`}</Tex>
      <p>weighted by half the cycle weight in those experiments.</p>

      <h2 id="limits">Limits of cycle consistency</h2>
      <ul>
        <li>
          <strong>Steganography.</strong> Chu et al. (2017) translated aerial photographs to maps and back and found that the reconstructed photographs
          contained details — a pattern of dark spots on a roof, for instance — that appear nowhere in the maps. <Tex>{String.raw`G`}</Tex> had learnt to hide
          them in a low-amplitude, high-frequency signal in the map, invisible to the eye and tolerated by <Tex>{String.raw`D_Y`}</Tex>, which{" "}
          <Tex>{String.raw`F`}</Tex> decodes. The cycle loss is satisfied by a hidden code rather than by a meaningful correspondence, and the hidden code makes
          the pair fragile: a small, crafted change to a map can change <Tex>{String.raw`F`}</Tex>&apos;s output drastically.
        </li>
        <li>
          <strong>A one-to-one assumption.</strong> Asking for <Tex>{String.raw`F \circ G \approx \mathrm{id}`}</Tex> and{" "}
          <Tex>{String.raw`G \circ F \approx \mathrm{id}`}</Tex> asks for a bijection between the domains. Many translations are not one: a photograph to a map
          discards information, a map to a photograph has many answers. The model then either hides what it cannot represent (above) or cannot express the
          variety; Augmented CycleGAN (Almahairi et al., 2018) adds latent codes to learn many-to-many mappings.
        </li>
        <li>
          <strong>Texture, not geometry.</strong> CycleGAN changes colours and textures well (horse to zebra, summer to winter) and mostly fails where shapes
          must change, as from dog to cat; Zhu et al. list such failures themselves.
        </li>
      </ul>

      <h2 id="exercise">The exercise</h2>
      <p>
        The exercise for this module is a paired translation on the digits: complete the lower half of a digit from its upper half. You train a conditional
        generator on pairs of halves, upper half as the condition and lower half as the target, in the manner of pix2pix. The server then completes hidden test
        digits with your generator and scores the completions twice: by the evaluator CNN&apos;s accuracy on the completed digits against their true labels,
        because the class must survive the completion, and by their FID against real digits of the same class — the completed 7s against real 7s, digit by digit
        — because they must look like handwriting of the right digit. The leaderboard ranks by that intra-class FID, which neither blur nor a sharp lower half
        of the wrong digit can pass. A generator trained with L1 alone tends to draw faint, averaged lower halves, which the FID punishes; and where an upper
        half is ambiguous — the top of a 4 and of a 9 can look alike — no completion can be right every time.
      </p>

      <h2 id="related">How this connects</h2>
      <p>
        pix2pix is the conditional GAN of the previous module with an image as the condition, and its discriminator inherits the game and the non-saturating
        loss of the module on generative adversarial networks. CycleGAN&apos;s <Tex>{String.raw`F \circ G`}</Tex> is an auto-encoder whose code is an image of
        the other domain, shaped by a discriminator — the idea of the module on adversarial auto-encoders, with a code you can look at. The blur of pixel-wise
        losses is the same averaging that makes the samples of the variational auto-encoder soft, and the hidden signal of the steganography result is a
        relative of the small perturbations in the module on adversarial examples.
      </p>

      <h2 id="references">References</h2>
      <ul className="text-sm">
        <li>P. Isola, J.-Y. Zhu, T. Zhou, A. A. Efros. “Image-to-Image Translation with Conditional Adversarial Networks.” CVPR 2017.</li>
        <li>O. Ronneberger, P. Fischer, T. Brox. “U-Net: Convolutional Networks for Biomedical Image Segmentation.” MICCAI 2015.</li>
        <li>J.-Y. Zhu, T. Park, P. Isola, A. A. Efros. “Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial Networks.” ICCV 2017.</li>
        <li>Y. Taigman, A. Polyak, L. Wolf. “Unsupervised Cross-Domain Image Generation.” ICLR 2017.</li>
        <li>J. Johnson, A. Alahi, L. Fei-Fei. “Perceptual Losses for Real-Time Style Transfer and Super-Resolution.” ECCV 2016.</li>
        <li>C. Chu, A. Zhmoginov, M. Sandler. “CycleGAN, a Master of Steganography.” NIPS 2017 Workshop on Machine Deception; arXiv:1712.02950.</li>
        <li>
          A. Almahairi, S. Rajeswar, A. Sordoni, P. Bachman, A. Courville. “Augmented CycleGAN: Learning Many-to-Many Mappings from Unpaired Data.” ICML 2018.
        </li>
        <li>M. Mirza, S. Osindero. “Conditional Generative Adversarial Nets.” arXiv:1411.1784, 2014.</li>
      </ul>
    </div>
  );
}

export const imageToImageTranslationModule: ModuleContent = { slug: "image-to-image-translation", minutes: 11, Body: Img2ImgBody };
