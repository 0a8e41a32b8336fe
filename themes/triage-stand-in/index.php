<?php
/**
 * Triage stand-in theme: every page, as a plain list of what the query found.
 *
 * @package Triage
 */

defined( 'ABSPATH' ) || exit;
?><!DOCTYPE html>
<html <?php language_attributes(); ?>>
<head>
<meta charset="<?php bloginfo( 'charset' ); ?>">
<meta name="viewport" content="width=device-width, initial-scale=1">
<?php wp_head(); ?>
</head>
<body <?php body_class(); ?>>
<?php wp_body_open(); ?>
<header><p><a href="<?php echo esc_url( home_url( '/' ) ); ?>"><?php bloginfo( 'name' ); ?></a></p></header>
<main>
<?php
if ( have_posts() ) {
	while ( have_posts() ) {
		the_post();
		?>
		<article <?php post_class(); ?>>
			<h2><a href="<?php the_permalink(); ?>"><?php the_title(); ?></a></h2>
			<?php the_content(); ?>
		</article>
		<?php
	}
} else {
	echo '<p>' . esc_html__( 'Nothing found.', 'triage' ) . '</p>';
}
?>
</main>
<?php wp_footer(); ?>
</body>
</html>
